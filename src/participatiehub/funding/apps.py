from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "participatiehub.funding"
    verbose_name = _("Funding: calls, applications and grants")

    def ready(self) -> None:
        from participatiehub.hubs import sections

        from .contributions import SECTIONS

        for section in SECTIONS:  # applications and grants on the hub's dashboard, awarded grants on its public page
            sections.register(section)
