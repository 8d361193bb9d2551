from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAMME_OFFICE = "programme_office", _("Programme office")
    HUB_COORDINATOR = "hub_coordinator", _("Hub coordinator")
    DECISION_MAKER = "decision_maker", _("Decision-maker")
    EVALUATOR = "evaluator", _("Evaluator")
    REFEREE = "referee", _("Referee")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    FINANCE = "finance", _("Finance")


#: Roles that handle other people's data or the programme: MFA is required for them. Referees (often
#: experts by experience) log in by e-mail code; they see only the applications assigned to them.
STAFF_ROLES = frozenset(
    {Role.PROGRAMME_OFFICE, Role.HUB_COORDINATOR, Role.EVALUATOR, Role.COMMITTEE_MEMBER, Role.FINANCE}
)

#: Which scope a role needs: a hub, an organisation, or none (national).
ROLE_SCOPE = {
    Role.PROGRAMME_OFFICE: None,
    Role.EVALUATOR: None,
    Role.REFEREE: None,
    Role.COMMITTEE_MEMBER: None,
    Role.FINANCE: None,
    Role.HUB_COORDINATOR: "hub",
    Role.DECISION_MAKER: "organisation",
}

#: Roles without a hub or an organisation (the funding roles reach applications through assignments).
NATIONAL_ROLES = tuple(role for role, scope in ROLE_SCOPE.items() if scope is None)
