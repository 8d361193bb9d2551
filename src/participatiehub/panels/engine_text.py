"""The selection engine's messages in the user's language.

fairlot (the engine, fairlot/README.md) reports what went wrong and how far it is as codes with
parameters (``fairlot.Issue``, ``fairlot.Progress``, ``fairlot.Relaxation``). This module holds one
gettext text per code; the Dutch is in the nl catalogue. Numbers are shown as the language writes
them (decimal comma in Dutch), with the precision of the engine's own template (``{probability:.4f}``
gives four decimals). tests/panels/test_engine_text.py fails when the engine has a code without a
text here.

The texts are in the site's language (``settings.LANGUAGE_CODE``) unless a language is given, not in
the language of the request: a selection run's progress and error are written by the task worker
and stored, and the live feasibility check uses the same words. (So it was when the engine wrote
Dutch itself; tests/panels pins it.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

import fairlot
from fairlot.messages import placeholders

# code -> text; a plural text chooses its form by the parameter it names (ngettext_lazy's third argument).
TEXTS: dict[str, Promise] = {
    "input.unknown_algorithm": _("Unknown method '%(algorithm)s'. Choose from: %(choices)s."),
    "input.panel_size_not_positive": _("The number of seats must be greater than 0 (now: %(seats)s)."),
    "input.panel_size_not_whole": _("The number of seats must be a whole number (now: %(seats)s)."),
    "input.quota_twice": _("The quota for '%(feature)s = %(value)s' is given twice."),
    "input.quota_negative": _("The quota for '%(feature)s = %(value)s' must not be negative."),
    "input.quota_not_whole": _(
        "The minimum and maximum of the quota for '%(feature)s = %(value)s' must be whole numbers "
        "(now: %(min)s and %(max)s)."
    ),
    "input.value_missing": _("%(count)s volunteer(s) have no value for '%(feature)s' (%(people)s)."),
    "input.value_without_quota": _(
        "%(count)s volunteer(s) have the value '%(value)s' for '%(feature)s', but there is no quota for it "
        "(%(people)s). Add a quota for '%(feature)s = %(value)s'."
    ),
    "input.duplicate_ids": _("Some volunteers have the same number (id). Every number may occur only once."),
    "input.seated_unknown": _(
        "These people already sit in the panel, but they are not in the list of volunteers: %(people)s."
    ),
    "input.panel_count_not_positive": _("The number of panels (m) must be greater than 0."),
    "input.panel_count_not_whole": _("The number of panels (m) must be a whole number (now: %(m)s)."),
    "input.field_invalid": _("The field '%(field)s' of the instance data is missing or not valid."),
    "file.quota_row_invalid": _("Line %(line)s of %(file)s is not valid (expected: feature,value,min,max)."),
    "file.column_missing": _("%(file)s has no column '%(column)s'."),
    "file.id_twice": _("The number '%(id)s' is twice in %(file)s."),
    "file.panel_size_invalid": _("%(file)s does not hold a whole number."),
    "infeasible.no_panel": _("No panel is possible that meets all quotas."),
    "infeasible.quotas_conflict": _(
        "No panel is possible that meets all quotas at the same time, although each quota is possible on its "
        "own. The quotas of different features get in each other's way."
    ),
    "infeasible.pool_too_small": ngettext_lazy(
        "There is only %(volunteers)s volunteer, but the panel has %(seats)s seats. So there are too few volunteers.",
        "There are only %(volunteers)s volunteers, but the panel has %(seats)s seats. So there are too few volunteers.",
        "volunteers",
    ),
    "infeasible.too_few_households": _(
        "Only one person from each household may sit in the panel. There are only %(households)s different "
        "households, but the panel has %(seats)s seats."
    ),
    "infeasible.min_above_max": _(
        "For '%(feature)s = %(value)s' the minimum (%(min)s) is greater than the maximum (%(max)s)."
    ),
    "infeasible.min_above_volunteers": ngettext_lazy(
        "For '%(feature)s = %(value)s' at least %(min)s seats are needed, but only %(volunteers)s volunteer "
        "has that value.",
        "For '%(feature)s = %(value)s' at least %(min)s seats are needed, but only %(volunteers)s volunteers "
        "have that value.",
        "volunteers",
    ),
    "infeasible.minimums_above_seats": _(
        "The minimums for '%(feature)s' add up to %(total)s seats, but the panel has %(seats)s."
    ),
    "infeasible.maximums_below_seats": _(
        "The maximums for '%(feature)s' add up to %(total)s seats, but the panel has %(seats)s."
    ),
    "infeasible.fillable_below_seats": _(
        "For '%(feature)s' only %(total)s seats can be filled together (maximum or number of volunteers per "
        "value), but the panel has %(seats)s."
    ),
    "infeasible.seated_above_seats": _(
        "%(seated)s people already sit in the panel, but the panel has only %(seats)s seats."
    ),
    "infeasible.seated_above_maximum": _(
        "For '%(feature)s = %(value)s' %(seated)s people already sit in the panel, but the maximum is %(max)s."
    ),
    "infeasible.proposal": _("Proposal: %(changes)s."),
    "infeasible.no_quota_change_helps": _(
        "No panel is possible with other quotas either. Find more volunteers or choose a smaller panel."
    ),
    "infeasible.find_more_volunteers": _("Find more volunteers or choose a smaller panel."),
    "relaxation.lower_min": _("lower the minimum for %(feature)s=%(value)s from %(old)s to %(new)s"),
    "relaxation.raise_max": _("raise the maximum for %(feature)s=%(value)s from %(old)s to %(new)s"),
    "solver.no_relaxation": _("The solver could not find a proposal for changed quotas."),
    "solver.lottery_failed": _("The solver could not solve the distribution problem (status: %(status)s)."),
    "solver.unexpected_status": _("The solver (HiGHS) returned an unexpected status: %(status)s."),
    "solver.no_valid_panel": _("Not a single valid panel was found."),
    "solver.time_limit": _("The computation took too long and was stopped."),
    "solver.legacy_no_panel": _(
        "The legacy draw found no valid panel after %(attempts)s attempts. Use the method 'leximin'."
    ),
    "draw.seed_invalid": _("The seed must be a number or a text."),
    "draw.no_panels": _("There are no panels to draw from."),
    "draw.published_without_panels": _("The published data holds no panels."),
    "draw.published_count_differs": _("%(published)s panels are said to be published, but the file holds %(found)s."),
    "draw.fingerprint_missing": _(
        "The published data has no fingerprint (panels_sha256), so nobody can check that the panels are the "
        "ones that were published."
    ),
    "draw.fingerprint_differs": _(
        "The list of panels changed after publication: the fingerprint (SHA-256) does not match."
    ),
    "draw.format_unknown": _("Unknown format '%(format)s' of the published data; known: %(known)s."),
    "progress.checking": _("Checking the data"),
    "progress.start_panels": _("Finding starting panels"),
    "progress.smallest_between": _("Finding the smallest chance: between %(low)s and %(high)s"),
    "progress.level_fixed": _(
        "Level %(level)s: chance %(probability)s fixed for %(groups)s group(s); %(remaining)s group(s) to go"
    ),
    "progress.spreading_within": _("Spreading the chances to within %(tolerance)s"),
    "progress.spreading_reached": _("Spreading the chances: %(percent)s%% of the goal reached"),
    "progress.spreading_within_reached": _(
        "Spreading the chances to within %(tolerance)s: %(percent)s%% of the goal reached"
    ),
    "progress.smallest_fixed": _("Smallest chance %(probability)s fixed; spreading the rest"),
    "progress.legacy_draw": _("Draw %(draw)s of %(draws)s"),
    "progress.done": _("Done"),
}


def _decimals(spec: str) -> int | None:
    """Decimals of a format spec such as ".4f" (None when the spec gives none)."""
    if "." in spec:
        digits = spec.split(".", 1)[1].rstrip("f%eEgG")
        if digits.isdigit():
            return int(digits)
    return None


def _shown(code: str, params: dict[str, Any]) -> dict[str, Any]:
    specs = placeholders(code)
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, (list, tuple)):
            out[key] = join_and([translate(item) for item in value])
        elif isinstance(value, float):
            decimals = _decimals(specs.get(key, ""))
            # Rounded as the engine's template rounds (number_format would cut off the digits).
            out[key] = number_format(value if decimals is None else Decimal(f"{value:.{decimals}f}"), decimals)
        else:
            out[key] = value
    return out


def join_and(parts: Sequence[str]) -> str:
    """'a', 'a and b', 'a, b and c' in the active language ('a, b en c' in Dutch)."""
    parts = [str(p) for p in parts]
    if len(parts) <= 1:
        return "".join(parts)
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(parts[:-1]), "last": parts[-1]}


def translate(message: fairlot.Message | fairlot.Relaxation, language: str | None = None) -> str:
    """One engine message (an issue, a progress step or a quota change) in ``language`` (default: the
    site's language)."""
    with translation.override(language or settings.LANGUAGE_CODE):
        return str(TEXTS[message.code] % _shown(message.code, message.params))


def messages(error: fairlot.SelectionError, language: str | None = None) -> list[str]:
    """The issues of an engine error, one sentence each."""
    return [translate(issue, language) for issue in error.issues]


@dataclass(frozen=True)
class ShownRelaxation:
    """A proposed quota change with its text in the user's language (``message``)."""

    feature: str
    value: str
    bound: str
    old: int
    new: int
    message: str


def relaxations(items: Iterable[fairlot.Relaxation], language: str | None = None) -> list[ShownRelaxation]:
    return [ShownRelaxation(r.feature, r.value, r.bound, r.old, r.new, translate(r, language)) for r in items]
