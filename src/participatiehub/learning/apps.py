from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "participatiehub.learning"
    verbose_name = _("Lessons")
