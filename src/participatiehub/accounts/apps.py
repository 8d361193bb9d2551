from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "participatiehub.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import session_start_idle_clock

        user_logged_in.connect(session_start_idle_clock, dispatch_uid="ph_session_start_idle_clock")
