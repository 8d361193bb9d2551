"""Choices of the resident side: consent purposes, the standard questions and the letters status."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ConsentPurpose(models.TextChoices):
    PANEL = "panel", _("Take part in the hub's panel and be invited for activities")
    ATTRIBUTES = "attributes", _("Use my answers about age, gender, education and municipality for a fair draw")
    SPECIAL = "special", _("Use my answers about health or lived experience (special personal data)")
    FEEDBACK = "feedback", _("Hear by e-mail what was done with the input")


class StandardAttribute(models.TextChoices):
    AGE_BAND = "age_band", _("Age")
    GENDER = "gender", _("Gender")
    EDUCATION = "education", _("Education level")
    MUNICIPALITY = "municipality", _("Municipality")


#: Options of the standard attributes (code → label); hubs add their own attributes as AttributeDefinition rows.
AGE_BANDS = [
    ("16-24", "16–24"),
    ("25-34", "25–34"),
    ("35-44", "35–44"),
    ("45-54", "45–54"),
    ("55-64", "55–64"),
    ("65-74", "65–74"),
    ("75+", "75+"),
]
GENDERS = [("woman", _("Woman")), ("man", _("Man")), ("other", _("Other / I'd rather describe it myself"))]
EDUCATION_LEVELS = [
    ("low", _("Low (primary school, vmbo, mbo 1)")),
    ("middle", _("Middle (havo, vwo, mbo 2–4)")),
    ("high", _("High (hbo, university)")),
]


class LettersStatus(models.TextChoices):
    """The letters PDF of an invitation batch, made by a background task."""

    WAITING = "waiting", _("Waiting in the queue")
    BUSY = "busy", _("Being made")
    READY = "ready", _("Ready")
    FAILED = "failed", _("Failed")
