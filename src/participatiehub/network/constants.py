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


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    COMMITTED = "committed", _("Imported")
    DISCARDED = "discarded", _("Cancelled")


class RowStatus(models.TextChoices):
    NEW = "new", _("New")
    DUPLICATE = "duplicate", _("Already known")
    ERROR = "error", _("Error")


#: Rows per page on the lists.
PAGE_SIZE = 50

#: Upload limits for the organisation import.
IMPORT_MAX_BYTES = 5 * 1024 * 1024
IMPORT_MAX_ROWS = 5000
#: Columns with text per row, and characters per cell (a name has at most 250; a list of
#: municipalities is longer). A file beyond these is refused as a whole, nothing is stored.
IMPORT_MAX_COLUMNS = 100
IMPORT_MAX_CELL_CHARS = 2000
#: Lines in the file or sheet, blank ones included.
IMPORT_MAX_LINES = IMPORT_MAX_ROWS + 1000
#: An .xlsx is a zip: its parts unpacked may hold this much in total, and no part bigger than
#: XLSX_RATIO_FROM_BYTES may be packed more than XLSX_MAX_RATIO times (a "zip bomb").
XLSX_MAX_UNPACKED_BYTES = 25 * 1024 * 1024
XLSX_MAX_PARTS = 500
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM_BYTES = 1024 * 1024

#: Processing-log activities and purpose for contact persons (personal data).
CONTACTS_PURPOSE = "contact with the regional network"
ACTIVITY_CONTACTS_VIEW = "network.contacts.view"
ACTIVITY_CONTACT_CREATE = "network.contacts.create"
ACTIVITY_CONTACT_UPDATE = "network.contacts.update"
ACTIVITY_CONTACT_DELETE = "network.contacts.delete"
CONTACT_SUBJECT_TYPE = "network.contactperson"
ACTIVITY_ORGANISATIONS_EXPORT = "network.organisations.export"
ORGANISATION_SUBJECT_TYPE = "network.organisation"

#: The columns of the import and export file, in order (Dutch headers, as coordinators use them).
IMPORT_COLUMNS = ["naam", "type", "kvk", "gemeenten", "domeinen", "website", "e-mail", "telefoon"]

#: Accepted header spellings (compared after lower-casing and removing spaces, dashes, dots and underscores).
HEADER_ALIASES = {
    "naam": {"naam", "name", "organisatie", "organisatienaam", "organisation", "organization"},
    "type": {"type", "soort", "organisatietype", "typeorganisatie", "orgtype", "organisationtype"},
    "kvk": {"kvk", "kvknummer", "kvknr", "kvknumber", "coc", "cocnumber", "chamberofcommerce"},
    "gemeenten": {"gemeenten", "gemeente", "municipalities", "municipality", "werkgebied"},
    "domeinen": {"domeinen", "domein", "domains", "domain"},
    "website": {"website", "webadres", "internetadres", "site", "url"},
    "e-mail": {"email", "emailadres", "mail"},
    "telefoon": {"telefoon", "telefoonnummer", "tel", "phone", "telephone", "phonenumber"},
}

#: Dutch names of the organisation types as written in the import file and the export (besides the codes).
ORGANISATION_TYPE_DUTCH = {
    OrganisationType.MUNICIPALITY: "gemeente",
    OrganisationType.HEALTH_INSURER: "zorgverzekeraar / zorgkantoor",
    OrganisationType.CARE_PROVIDER: "zorgaanbieder",
    OrganisationType.GGD: "GGD",
    OrganisationType.WELFARE: "welzijnsorganisatie",
    OrganisationType.PATIENT_ORGANISATION: "patiënten- of cliëntenorganisatie",
    OrganisationType.COLLECTIVE_ADVOCATE: "collectieve belangenbehartiger",
    OrganisationType.RESIDENTS_INITIATIVE: "inwonersinitiatief",
    OrganisationType.KNOWLEDGE_INSTITUTE: "kennisinstelling",
    OrganisationType.OTHER: "overig",
}

#: More spellings people use for the types.
ORGANISATION_TYPE_ALIASES = {
    "zorgverzekeraar": OrganisationType.HEALTH_INSURER,
    "zorgkantoor": OrganisationType.HEALTH_INSURER,
    "verzekeraar": OrganisationType.HEALTH_INSURER,
    "zorgorganisatie": OrganisationType.CARE_PROVIDER,
    "welzijn": OrganisationType.WELFARE,
    "patientenorganisatie": OrganisationType.PATIENT_ORGANISATION,
    "clientenorganisatie": OrganisationType.PATIENT_ORGANISATION,
    "clientorganisatie": OrganisationType.PATIENT_ORGANISATION,
    "belangenbehartiger": OrganisationType.COLLECTIVE_ADVOCATE,
    "kennisinstituut": OrganisationType.KNOWLEDGE_INSTITUTE,
    "onderzoeksinstelling": OrganisationType.KNOWLEDGE_INSTITUTE,
    "anders": OrganisationType.OTHER,
    "overige": OrganisationType.OTHER,
}

#: Dutch names of the domains in the import file and the export.
DOMAIN_DUTCH = {Domain.HEALTH: "gezondheid", Domain.CARE: "zorg", Domain.SUPPORT: "ondersteuning"}
DOMAIN_ALIASES = {
    "gezondheid": Domain.HEALTH,
    "health": Domain.HEALTH,
    "zorg": Domain.CARE,
    "care": Domain.CARE,
    "ondersteuning": Domain.SUPPORT,
    "sociaaldomein": Domain.SUPPORT,
    "support": Domain.SUPPORT,
    "welzijn": Domain.SUPPORT,
}
