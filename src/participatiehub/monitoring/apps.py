from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MonitoringConfig(AppConfig):
    name = "participatiehub.monitoring"
    verbose_name = _("Monitoring")

    def ready(self) -> None:
        from participatiehub.hubs import sections

        from .contributions import SECTIONS

        for section in SECTIONS:  # the public figures on the public hub page, a link on the hub's dashboard
            sections.register(section)
