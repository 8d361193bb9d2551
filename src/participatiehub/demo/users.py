"""The demo log-ins: one per role, all with the same password, printed at the end of ``manage.py demo``."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import RoleAssignment, User

DEMO_PASSWORD = "demo-wachtwoord-2026"


@dataclass(frozen=True)
class DemoUser:
    key: str
    email: str
    full_name: str
    role_label: str  # Dutch, for the table
    role: str | None  # None: the superuser (administrator) without a role assignment


DEMO_USERS = (
    DemoUser(
        "programme",
        "programmabureau@demo.example",
        "Femke de Programmamanager",
        "programmabureau",
        Role.PROGRAMME_OFFICE,
    ),
    DemoUser(
        "coordinator", "hubcoordinator@demo.example", "Sanne Hubcoördinator", "hubcoördinator", Role.HUB_COORDINATOR
    ),
    DemoUser(
        "decision_maker", "beslisser@demo.example", "Ahmed Beleidsadviseur", "beslisser (gemeente)", Role.DECISION_MAKER
    ),
    DemoUser(
        "evaluator", "onderzoeker@demo.example", "Dr. Lisa Onderzoeker", "onderzoeker (evaluatie)", Role.EVALUATOR
    ),
    DemoUser("admin", "beheerder@demo.example", "Beheerder Participatiehub", "beheerder (superuser)", None),
)
DEMO_EMAILS = tuple(u.email for u in DEMO_USERS)
#: Helper accounts the demo creates for the other hubs' coordinators and the asking organisations'
#: decision-makers (no password: they cannot log in; they make the question histories name a person).
HELPER_DOMAIN = "team.demo.example"


def demo_users_exist() -> bool:
    return User.objects.filter(email__in=DEMO_EMAILS).exists()


def demo_users_delete() -> int:
    deleted, _ = User.objects.filter(Q(email__in=DEMO_EMAILS) | Q(email__endswith=f"@{HELPER_DOMAIN}")).delete()
    return deleted


@transaction.atomic
def demo_users_create() -> dict[str, User]:
    """Create the demo users, with the roles that need no scope (the hub and organisation roles follow later)."""
    users = {}
    for spec in DEMO_USERS:
        if spec.role is None:
            user = User.objects.create_superuser(spec.email, DEMO_PASSWORD, full_name=spec.full_name)
        else:
            user = User.objects.create_user(spec.email, DEMO_PASSWORD, full_name=spec.full_name)
            if spec.role in (Role.PROGRAMME_OFFICE, Role.EVALUATOR):
                RoleAssignment.objects.create(user=user, role=spec.role)
        users[spec.key] = user
    return users


@transaction.atomic
def demo_scoped_roles_assign(users: dict[str, User], *, hub, organisation, granted_by=None) -> None:
    """The coordinator gets ``hub``, the decision-maker ``organisation``."""
    if hub is not None:
        RoleAssignment.objects.create(
            user=users["coordinator"], role=Role.HUB_COORDINATOR, hub=hub, granted_by=granted_by
        )
    if organisation is not None:
        RoleAssignment.objects.create(
            user=users["decision_maker"], role=Role.DECISION_MAKER, organisation=organisation, granted_by=granted_by
        )
