from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExperienceConfig(AppConfig):
    name = "participatiehub.experience"
    verbose_name = _("What participants experienced")

    def ready(self) -> None:
        from participatiehub.hubs import sections
        from participatiehub.trajectories.hooks import feedback_published_register

        from . import tasks
        from .contributions import SECTIONS

        for section in SECTIONS:  # the questionnaire's figures on the hub's dashboard
            sections.register(section)
        # Invitations for the participants once a trajectory's feedback is published (after commit).
        feedback_published_register(tasks.after_feedback_published)
