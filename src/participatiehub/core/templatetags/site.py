"""``{% site_name %}`` and ``{% site_url %}``: the configured name and address, for templates rendered without a request.

The error pages for 400 and 500 are rendered without context processors (and must not touch the
database), e-mails without a request: they read the settings through these tags.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_name() -> str:
    return settings.PH_SITE_NAME


@register.simple_tag
def site_url() -> str:
    return settings.PH_SITE_URL.rstrip("/")
