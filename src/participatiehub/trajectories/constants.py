from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityKind(models.TextChoices):
    MEETING = "meeting", _("Meeting")
    FOCUS_GROUP = "focus_group", _("Focus group")
    SURVEY = "survey", _("Survey")
    COUNCIL_ADVICE = "council_advice", _("Advice of a council")
    EXPERT_INPUT = "expert_input", _("Input from experts-by-experience")
    ASSEMBLY_SESSION = "assembly_session", _("Citizens' assembly session")
    OTHER = "other", _("Other")


class Decision(models.TextChoices):
    ADOPTED = "adopted", _("Adopted")
    PARTLY_ADOPTED = "partly_adopted", _("Partly adopted")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


#: Documents that may be attached: type by extension and by the file's first bytes.
ALLOWED_DOCUMENTS = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", b"PK\x03\x04"),
    ".odt": ("application/vnd.oasis.opendocument.text", b"PK\x03\x04"),
}
MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
#: Participants of one activity at most (a national survey stays below this).
MAX_PARTICIPANT_COUNT = 1_000_000
