from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "participatiehub.questions"
    verbose_name = _("Policy questions")
