from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PanelsConfig(AppConfig):
    name = "participatiehub.panels"
    verbose_name = _("Panels and fair selection")

    def ready(self) -> None:
        from participatiehub.hubs import sections
        from participatiehub.participants import registry

        from .contributions import SECTIONS
        from .records import PanelRecords

        # A participant's pools, draws, engagements and allowances, for the resident side (participants).
        registry.register(PanelRecords())

        for section in SECTIONS:  # published reports, panel links and representativeness on the hub pages
            sections.register(section)
