from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "participatiehub.learning"
    verbose_name = _("Lessons")

    def ready(self):
        from participatiehub.hubs import sections

        from .contributions import OVERVIEW_BLOCKS, SECTIONS

        for section in SECTIONS:
            sections.register(section)
        for block in OVERVIEW_BLOCKS:
            sections.overview_register(block)
