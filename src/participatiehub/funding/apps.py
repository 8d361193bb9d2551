from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "participatiehub.funding"
    verbose_name = _("Funding: calls, applications and grants")
