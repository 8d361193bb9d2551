from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "participatiehub.core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import checks  # noqa: F401  (registers the system checks)
        from .middleware import session_start_idle_clock

        user_logged_in.connect(session_start_idle_clock, dispatch_uid="ph_session_start_idle_clock")
