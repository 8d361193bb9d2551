from django.db import models
from django.utils.translation import gettext_lazy as _

from participatiehub.hubs.constants import Domain, ParticipationForm  # noqa: F401  (re-exported)


class OrganisationType(models.TextChoices):
    MUNICIPALITY = "municipality", _("Municipality")
    HEALTH_INSURER = "health_insurer", _("Health insurer / care office")
    CARE_PROVIDER = "care_provider", _("Care provider")
    GGD = "ggd", _("GGD (public health service)")
    WELFARE = "welfare", _("Welfare organisation")
    PATIENT_ORGANISATION = "patient_organisation", _("Patient or client organisation")
    COLLECTIVE_ADVOCATE = "collective_advocate", _("Collective advocate")
    RESIDENTS_INITIATIVE = "residents_initiative", _("Residents' initiative")
    KNOWLEDGE_INSTITUTE = "knowledge_institute", _("Knowledge institute")
    OTHER = "other", _("Other")


class LegalBasis(models.TextChoices):
    CONSENT = "consent", _("Consent")
    LEGITIMATE_INTEREST = "legitimate_interest", _("Legitimate interest")
    CONTRACT = "contract", _("Agreement (contract)")
    PUBLIC_TASK = "public_task", _("Public task")


class RelationKind(models.TextChoices):
    PARTNER = "partner", _("Works together with")
    MEMBER_OF = "member_of", _("Is a member of")
    FUNDS = "funds", _("Funds")
    REPRESENTS = "represents", _("Represents")
    ADVISES = "advises", _("Advises")
    OTHER = "other", _("Other")


DOMAIN_FIELDS = {Domain.HEALTH: "domain_health", Domain.CARE: "domain_care", Domain.SUPPORT: "domain_support"}
