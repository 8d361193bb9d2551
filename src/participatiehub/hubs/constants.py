from django.db import models
from django.utils.translation import gettext_lazy as _


class HubStatus(models.TextChoices):
    PREPARING = "preparing", _("Preparing (quartermaster)")
    FORMING_COALITION = "forming_coalition", _("Forming a coalition")
    DEVELOPING = "developing", _("Developing")
    OPERATIONAL = "operational", _("Operational")
    STOPPED = "stopped", _("Stopped")


#: The order of the statuses on the way to an operational hub (used for colours and sorting).
STATUS_ORDER = [
    HubStatus.PREPARING,
    HubStatus.FORMING_COALITION,
    HubStatus.DEVELOPING,
    HubStatus.OPERATIONAL,
    HubStatus.STOPPED,
]

#: Allowed status transitions. A hub moves forward one step at a time, may step back one step
#: (a coalition can fall apart), and may stop at any point; a stopped hub can restart preparing.
TRANSITIONS: dict[str, set[str]] = {
    HubStatus.PREPARING: {HubStatus.FORMING_COALITION, HubStatus.STOPPED},
    HubStatus.FORMING_COALITION: {HubStatus.DEVELOPING, HubStatus.PREPARING, HubStatus.STOPPED},
    HubStatus.DEVELOPING: {HubStatus.OPERATIONAL, HubStatus.FORMING_COALITION, HubStatus.STOPPED},
    HubStatus.OPERATIONAL: {HubStatus.DEVELOPING, HubStatus.STOPPED},
    HubStatus.STOPPED: {HubStatus.PREPARING},
}


class Domain(models.TextChoices):
    HEALTH = "health", _("Health")
    CARE = "care", _("Care")
    SUPPORT = "support", _("Support and social domain")


class LegalForm(models.TextChoices):
    NONE = "none", _("No legal entity (cooperation agreement)")
    FOUNDATION = "foundation", _("Foundation (stichting)")
    ASSOCIATION = "association", _("Association (vereniging)")
    COOPERATIVE = "cooperative", _("Cooperative")
    HOSTED = "hosted", _("Hosted by a lead organisation")
    OTHER = "other", _("Other")


class Agreement(models.TextChoices):
    IZA_AZWA = "iza_azwa", _("IZA/AZWA")
    WOZO = "wozo", _("WOZO")
    GALA = "gala", _("GALA")
    TAZ = "taz", _("TAZ")
    OTHER = "other", _("Other")


class ParticipationForm(models.TextChoices):
    SOCIAL_DOMAIN_ADVISORY_COUNCIL = "social_domain_advisory_council", _("Social-domain advisory council")
    CLIENT_COUNCIL = "client_council", _("Client council")
    CITIZENS_ASSEMBLY = "citizens_assembly", _("Citizens' assembly")
    CITIZENS_PANEL = "citizens_panel", _("Citizens' panel")
    COLLECTIVE_ADVOCATE = "collective_advocate", _("Collective advocate")
    EXPERTS_BY_EXPERIENCE = "expert_by_experience", _("Experts-by-experience pool")
    RESIDENTS_INITIATIVE = "residents_initiative", _("Residents' initiative")
    OTHER = "other", _("Other")


#: Colours per status for the national map (our own design tokens, see static/css/theme.css).
STATUS_COLOURS = {
    HubStatus.PREPARING: "#f3d27a",
    HubStatus.FORMING_COALITION: "#e8a25d",
    HubStatus.DEVELOPING: "#6fa8dc",
    HubStatus.OPERATIONAL: "#2e7d4f",
    HubStatus.STOPPED: "#8a8a8a",
}
NO_HUB_COLOUR = "#ffffff"
