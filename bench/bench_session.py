"""Prepare the logged-in part of the benchmark: a coordinator of the biggest hub with a session, and a
member of the programme office with a session (for the office's grant list and the budget dashboard).

Prints one JSON line: the hub slug and the session cookies (name=value) of both. Both have a TOTP
authenticator, so the staff-MFA check passes as it would for real staff.
Run with the benchmark settings (bench/run.sh does this).
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench_settings")

import django  # noqa: E402

django.setup()

from importlib import import_module  # noqa: E402

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db.models import Count  # noqa: E402

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret  # noqa: E402

from participatiehub.accounts.constants import Role  # noqa: E402
from participatiehub.accounts.models import RoleAssignment, User  # noqa: E402
from participatiehub.hubs.models import Hub  # noqa: E402

BENCH_EMAIL = "bench-coordinator@bench.example"
BENCH_OFFICE_EMAIL = "bench-office@bench.example"


def _session_cookie(user) -> str:
    """A database session for ``user`` (with a TOTP authenticator) as a cookie "name=value"."""
    if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, generate_totp_secret())
    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def main() -> None:
    hub = Hub.objects.filter(follows_region__code="ZK23").first() or (
        Hub.objects.annotate(n=Count("organisations")).order_by("-n", "pk").first()
    )
    if hub is None:
        sys.exit("Geen hubs gevonden: draai eerst generate_scale_data.")
    user, _ = User.objects.get_or_create(email=BENCH_EMAIL, defaults={"full_name": "Bench Coördinator"})
    RoleAssignment.objects.filter(user=user).exclude(hub=hub).delete()
    RoleAssignment.objects.get_or_create(user=user, role=Role.HUB_COORDINATOR, hub=hub)
    office, _ = User.objects.get_or_create(email=BENCH_OFFICE_EMAIL, defaults={"full_name": "Bench Programmabureau"})
    RoleAssignment.objects.get_or_create(user=office, role=Role.PROGRAMME_OFFICE, hub=None)
    print(json.dumps({"hub": hub.slug, "cookie": _session_cookie(user), "office_cookie": _session_cookie(office)}))


if __name__ == "__main__":
    main()
