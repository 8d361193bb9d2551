from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrajectoriesConfig(AppConfig):
    name = "participatiehub.trajectories"
    verbose_name = _("Trajectories, advice and answers")

    def ready(self) -> None:
        from participatiehub.hubs import sections
        from participatiehub.questions.selectors import chain_readers_register

        from . import selectors
        from .contributions import SECTIONS

        for section in SECTIONS:  # overdue answers and influence figures on the hub pages
            sections.register(section)
        chain_readers_register(public=selectors.public_chain, staff=selectors.chain_for_staff)
