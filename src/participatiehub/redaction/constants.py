"""What the redaction replaces, with which placeholder, and on which ground of the Woo.

The grounds follow art. 5.1 of the Wet open overheid (docs/redaction.md):

- lid 1 sub d: special categories of personal data (paragraph 3.1 UAVG: health, religion, …);
- lid 1 sub e: national identification numbers (art. 46 UAVG: the BSN);
- lid 2 sub e: respect for private life (names, contact details, addresses, other numbers).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

GROUND_PRIVACY = "art. 5.1 lid 2 sub e Woo (eerbiediging van de persoonlijke levenssfeer)"
GROUND_NATIONAL_ID = "art. 5.1 lid 1 sub e Woo (nationaal identificatienummer, art. 46 UAVG)"
GROUND_SPECIAL = "art. 5.1 lid 1 sub d Woo (bijzondere persoonsgegevens, par. 3.1 UAVG)"


class Category(models.TextChoices):
    """The kinds of data the redaction replaces. Values are Dutch: they appear in reports and exports."""

    NAME = "naam", _("name")
    EMAIL = "e-mailadres", _("e-mail address")
    PHONE = "telefoonnummer", _("phone number")
    ADDRESS = "adres", _("address")
    BSN = "bsn", _("citizen service number (BSN)")
    NUMBER = "nummer", _("identifying number")
    SPECIAL = "bijzonder persoonsgegeven", _("special category personal data")


@dataclass(frozen=True)
class CategoryRule:
    placeholder: str
    ground: str


RULES: dict[str, CategoryRule] = {
    Category.NAME: CategoryRule("[naam]", GROUND_PRIVACY),
    Category.EMAIL: CategoryRule("[e-mailadres]", GROUND_PRIVACY),
    Category.PHONE: CategoryRule("[telefoonnummer]", GROUND_PRIVACY),
    Category.ADDRESS: CategoryRule("[adres]", GROUND_PRIVACY),
    Category.BSN: CategoryRule("[nummer]", GROUND_NATIONAL_ID),
    Category.NUMBER: CategoryRule("[nummer]", GROUND_PRIVACY),
    Category.SPECIAL: CategoryRule("[bijzonder persoonsgegeven]", GROUND_SPECIAL),
}


class Source(models.TextChoices):
    """Who found a span. When spans overlap, the merged span keeps the strongest source."""

    MANUAL = "handmatig", _("added by the programme office")
    KNOWN = "bekende persoon", _("known person")
    PATTERN = "patroon", _("pattern")
    DEDUCE = "deduce", _("deduce")


#: Strongest first: a merged span takes the source and category of the strongest part.
SOURCE_ORDER = (Source.MANUAL, Source.KNOWN, Source.PATTERN, Source.DEDUCE)


class KeepKind(models.TextChoices):
    ORGANISATION = "organisation", _("organisation")
    OFFICE_HOLDER = "office_holder", _("public office holder")


class DecisionAction(models.TextChoices):
    UNDO = "undo", _("keep this text (not a personal detail)")
    ADD = "add", _("always redact this text")


#: A public office holder's name is kept when the role appears this many characters before or after it.
ROLE_WINDOW = 60
