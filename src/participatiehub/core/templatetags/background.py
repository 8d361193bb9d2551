"""``{% background_worker_notice %}``: on a page that waits for background work, says when no worker picks it up."""

from django import template

from ..selectors import background_worker_state

register = template.Library()


@register.inclusion_tag("core/_worker_notice.html")
def background_worker_notice():
    return {"state": background_worker_state()}
