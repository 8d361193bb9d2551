from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RedactionConfig(AppConfig):
    name = "participatiehub.redaction"
    verbose_name = _("Redaction")
