"""Reading who may do what. The per-request cache keeps permission checks to one query."""

from __future__ import annotations

from dataclasses import dataclass, field

from .constants import STAFF_ROLES, Role
from .models import RoleAssignment


@dataclass(frozen=True)
class UserRoles:
    roles: frozenset[str] = frozenset()
    hub_ids: frozenset[int] = frozenset()  # hubs the user coordinates
    organisation_ids: frozenset[int] = frozenset()  # organisations the user decides for
    is_superuser: bool = False
    assignments: tuple = field(default_factory=tuple)

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
    assignments = tuple(RoleAssignment.objects.active().filter(user=user).select_related("hub", "organisation"))
    roles = UserRoles(
        roles=frozenset(a.role for a in assignments),
        hub_ids=frozenset(a.hub_id for a in assignments if a.role == Role.HUB_COORDINATOR and a.hub_id),
        organisation_ids=frozenset(
            a.organisation_id for a in assignments if a.role == Role.DECISION_MAKER and a.organisation_id
        ),
        is_superuser=user.is_superuser,
        assignments=assignments,
    )
    setattr(user, _CACHE_ATTR, roles)
    return roles


def clear_roles_cache(user) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)
