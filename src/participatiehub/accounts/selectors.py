"""Reading who may do what. The per-request cache keeps permission checks to one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from .constants import STAFF_ROLES, Role
from .models import RoleAssignment, User


@dataclass(frozen=True)
class UserRoles:
    roles: frozenset[str] = frozenset()
    hub_ids: frozenset[int] = frozenset()  # hubs the user coordinates
    organisation_ids: frozenset[int] = frozenset()  # organisations the user decides for
    is_superuser: bool = False
    #: (slug, name) of the hubs the user coordinates, sorted by name (for the menu).
    coordinated_hubs: tuple[tuple[str, str], ...] = field(default_factory=tuple)

    @property
    def is_programme_office(self) -> bool:
        return self.is_superuser or Role.PROGRAMME_OFFICE in self.roles

    @property
    def is_evaluator(self) -> bool:
        return Role.EVALUATOR in self.roles

    @property
    def is_coordinator(self) -> bool:
        return bool(self.hub_ids)

    @property
    def is_decision_maker(self) -> bool:
        return bool(self.organisation_ids)

    @property
    def is_staff_role(self) -> bool:
        return self.is_superuser or bool(self.roles & STAFF_ROLES)


_CACHE_ATTR = "_ph_roles_cache"


def roles_for_user(user) -> UserRoles:
    if user is None or not getattr(user, "is_authenticated", False):
        return UserRoles()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    # One small query on every page for a logged-in user: plain values, no model instances.
    rows = list(
        RoleAssignment.objects.active()
        .filter(user=user)
        .values_list("role", "hub_id", "organisation_id", "hub__slug", "hub__name")
    )
    roles = UserRoles(
        roles=frozenset(role for role, *_ in rows),
        hub_ids=frozenset(hub_id for role, hub_id, *_ in rows if role == Role.HUB_COORDINATOR and hub_id),
        organisation_ids=frozenset(org for role, _h, org, *_ in rows if role == Role.DECISION_MAKER and org),
        is_superuser=user.is_superuser,
        coordinated_hubs=tuple(
            sorted(
                {(slug, name) for role, hub_id, _o, slug, name in rows if role == Role.HUB_COORDINATOR and hub_id},
                key=lambda hub: hub[1],
            )
        ),
    )
    setattr(user, _CACHE_ATTR, roles)
    return roles


def clear_roles_cache(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def user_names_and_emails() -> list[tuple[str, str]]:
    """Every account's name and e-mail address: the redaction of published texts looks for them."""
    return list(User.objects.order_by().values_list("full_name", "email"))
