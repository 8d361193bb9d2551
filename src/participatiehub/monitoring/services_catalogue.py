"""The programme office keeps the indicator catalogue: it adds and edits self-reported indicators.

A self-reported indicator reads one dimension of the yearly participation scan (a score 0–100) or one
item of the participants' questionnaire (the share of positive answers, a percentage). Computed
indicators are defined in code (``monitoring/indicators.py``) and cannot be changed here. Edits carry the
version the office saw (optimistic locking). Every change bumps the snapshots' data version, so the
cached dashboards and public figures show the new names and definitions at once.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.core.services import data_version_bump

from .constants import SNAPSHOTS_VERSION
from .models import Direction, Indicator, Source, Unit
from .selectors import self_reported_in_use

CHANGE = "monitoring.change_catalogue"
SELF_REPORTED = (Source.SCAN, Source.QUESTIONNAIRE)
#: The unit follows from the source: a scan dimension's score, a questionnaire item's share.
UNIT_OF = {Source.SCAN: Unit.SCORE, Source.QUESTIONNAIRE: Unit.PERCENT}
#: The fields the office edits (the code is chosen once, on creation).
FIELDS = ("name", "definition", "source", "source_key", "method", "direction", "is_public", "is_active", "order")


def scan_dimensions() -> list[tuple[str, str]]:
    """(code, name) of the scan's dimensions (the current template version); read when asked."""
    from participatiehub.scans.selectors import dimension_choices

    return list(dimension_choices())


def questionnaire_items() -> list[tuple[str, str]]:
    """(code, question) of the participants' questionnaire; read when asked."""
    from django.utils.translation import gettext

    from participatiehub.experience.constants import ITEMS

    return [(code, gettext(text)) for code, text in ITEMS]


def source_keys(source: str) -> list[tuple[str, str]]:
    if source == Source.SCAN:
        return scan_dimensions()
    if source == Source.QUESTIONNAIRE:
        return questionnaire_items()
    return []


def _require_office(actor) -> None:
    if actor is None or not actor.has_perm(CHANGE):
        raise ServiceError(_("Only the programme office may change the indicator catalogue."))


def _clean(fields: dict, *, exclude_id: int | None = None) -> dict:
    data = {name: fields[name] for name in FIELDS if name in fields}
    errors = []
    data["name"] = (data.get("name") or "").strip()
    data["definition"] = (data.get("definition") or "").strip()
    data["method"] = (data.get("method") or "").strip()
    if not data["name"]:
        errors.append(_("Give the indicator a name."))
    if not data["definition"]:
        errors.append(_("Explain in plain words what the indicator means."))
    source = data.get("source")
    if source not in SELF_REPORTED:
        errors.append(_("Choose the scan or the questionnaire as the source. Computed indicators are defined in code."))
    elif data.get("source_key") not in {code for code, _label in source_keys(source)}:
        errors.append(_("Choose a scan dimension or a questionnaire item that exists."))
    elif self_reported_in_use(source=source, source_key=data["source_key"], exclude_id=exclude_id):
        errors.append(_("Another indicator already reads this scan dimension or questionnaire item."))
    if data.get("direction", Direction.HIGHER) not in Direction.values:
        errors.append(_("Choose which way is better."))
    order = data.get("order", 0)
    if order is None or not 0 <= int(order) <= 10000:
        errors.append(_("The order is a number from 0 to 10,000."))
    if errors:
        raise ServiceError(errors)
    data["unit"] = UNIT_OF[source]
    data["order"] = int(order)
    return data


@transaction.atomic
def indicator_create(*, actor, code: str, **fields) -> Indicator:
    """A new self-reported indicator; snapshots taken from now on include it."""
    _require_office(actor)
    code = slugify(code or "").replace("-", "_")[:60]
    if not code:
        raise ServiceError(_("Give the indicator a code: letters, digits and underscores."))
    if Indicator.objects.filter(code=code).exists():
        raise ServiceError(_("An indicator with this code already exists. Choose another code."))
    data = _clean(fields)
    data.setdefault("direction", Direction.HIGHER)
    data.setdefault("is_public", True)
    data.setdefault("is_active", True)
    indicator = Indicator.objects.create(code=code, **data)
    data_version_bump(SNAPSHOTS_VERSION)
    return indicator


@transaction.atomic
def indicator_update(*, actor, indicator: Indicator, expected_version: int, **fields) -> Indicator:
    """Change a self-reported indicator. Snapshots already taken keep their figures."""
    _require_office(actor)
    locked = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if locked.is_computed:
        raise ServiceError(_("A computed indicator is defined in code and cannot be changed here."))
    if locked.version != expected_version:
        raise ConcurrentEditError(_("Someone else changed this indicator in the meantime. Nothing was saved."))
    current = {name: getattr(locked, name) for name in FIELDS}
    data = _clean({**current, **fields}, exclude_id=locked.pk)
    Indicator.objects.filter(pk=locked.pk).update(**data, version=F("version") + 1, updated_at=timezone.now())
    data_version_bump(SNAPSHOTS_VERSION)
    indicator.refresh_from_db()
    return indicator
