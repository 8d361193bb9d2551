from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "participatiehub.panels"
    verbose_name = _("Panels and fair selection")
