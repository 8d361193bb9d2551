from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAMME_OFFICE = "programme_office", _("Programme office")
    HUB_COORDINATOR = "hub_coordinator", _("Hub coordinator")
    DECISION_MAKER = "decision_maker", _("Decision-maker")
    EVALUATOR = "evaluator", _("Evaluator")


#: Roles that handle other people's data or the programme: MFA is required for them.
STAFF_ROLES = frozenset({Role.PROGRAMME_OFFICE, Role.HUB_COORDINATOR, Role.EVALUATOR})

#: Which scope a role needs: a hub, an organisation, or none (national).
ROLE_SCOPE = {
    Role.PROGRAMME_OFFICE: None,
    Role.EVALUATOR: None,
    Role.HUB_COORDINATOR: "hub",
    Role.DECISION_MAKER: "organisation",
}
