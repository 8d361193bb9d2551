"""Everything the engine tells a person, as a stable code with parameters.

An :class:`Issue` (in a :class:`~fairlot.SelectionError`) or a :class:`Progress` (passed to the
``progress`` callback of :func:`fairlot.select`) is a ``code`` and a dict of ``params``.
Applications translate the code themselves; ``str(message)`` gives the English default text
from :data:`TEMPLATES`, the one table of texts in the engine.

Templates use :meth:`str.format` syntax. Their placeholders are exactly the message's params;
a format spec (``{probability:.4f}``) says how a number is shown, and a translation can read it
with :func:`placeholders` to show the number with the same precision. Params hold numbers as
numbers (``int`` or ``float``), names as the user sees them (the labels of
:class:`~fairlot.Labels`, or the codes when no label is given) and, for
``infeasible.proposal``, a tuple of :class:`~fairlot.Relaxation`.
"""

from __future__ import annotations

import string
from collections.abc import Mapping, Sequence
from typing import Any

#: code -> English text. The codes are stable: applications translate them (README, "Messages").
TEMPLATES: dict[str, str] = {
    # The input itself is wrong (InvalidInstance, SelectionError).
    "input.unknown_algorithm": "Unknown method '{algorithm}'. Choose from: {choices}.",
    "input.panel_size_not_positive": "The number of seats must be greater than 0 (now: {seats}).",
    "input.panel_size_not_whole": "The number of seats must be a whole number (now: {seats}).",
    "input.quota_twice": "The quota for '{feature} = {value}' is given twice.",
    "input.quota_negative": "The quota for '{feature} = {value}' must not be negative.",
    "input.quota_not_whole": (
        "The minimum and maximum of the quota for '{feature} = {value}' must be whole numbers (now: {min} and {max})."
    ),
    "input.value_missing": "{count} volunteer(s) have no value for '{feature}' ({people}).",
    "input.value_without_quota": (
        "{count} volunteer(s) have the value '{value}' for '{feature}', but there is no quota for it ({people}). "
        "Add a quota for '{feature} = {value}'."
    ),
    "input.duplicate_ids": "Some volunteers have the same number (id). Every number may occur only once.",
    "input.seated_unknown": "These people already sit in the panel, but they are not in the list of volunteers: {people}.",
    "input.panel_count_not_positive": "The number of panels (m) must be greater than 0.",
    "input.panel_count_not_whole": "The number of panels (m) must be a whole number (now: {m}).",
    "input.field_invalid": "The field '{field}' of the instance data is missing or not valid.",
    # Reading CSV files (fairlot.io).
    "file.quota_row_invalid": "Line {line} of {file} is not valid (expected: feature,value,min,max).",
    "file.column_missing": "{file} has no column '{column}'.",
    "file.id_twice": "The number '{id}' is twice in {file}.",
    "file.panel_size_invalid": "{file} does not hold a whole number.",
    # No panel satisfies the quotas (InfeasibleQuotas): a heading, the reasons, then advice.
    "infeasible.no_panel": "No panel is possible that meets all quotas.",
    "infeasible.quotas_conflict": (
        "No panel is possible that meets all quotas at the same time, although each quota is possible on its own. "
        "The quotas of different features get in each other's way."
    ),
    "infeasible.pool_too_small": (
        "There are only {volunteers} volunteer(s), but the panel has {seats} seats. So there are too few volunteers."
    ),
    "infeasible.too_few_households": (
        "Only one person from each household may sit in the panel. There are only {households} different "
        "households, but the panel has {seats} seats."
    ),
    "infeasible.min_above_max": "For '{feature} = {value}' the minimum ({min}) is greater than the maximum ({max}).",
    "infeasible.min_above_volunteers": (
        "For '{feature} = {value}' at least {min} seats are needed, but only {volunteers} volunteer(s) have that value."
    ),
    "infeasible.minimums_above_seats": (
        "The minimums for '{feature}' add up to {total} seats, but the panel has {seats}."
    ),
    "infeasible.maximums_below_seats": (
        "The maximums for '{feature}' add up to {total} seats, but the panel has {seats}."
    ),
    "infeasible.fillable_below_seats": (
        "For '{feature}' only {total} seats can be filled together (maximum or number of volunteers per value), "
        "but the panel has {seats}."
    ),
    "infeasible.seated_above_seats": "{seated} people already sit in the panel, but the panel has only {seats} seats.",
    "infeasible.seated_above_maximum": (
        "For '{feature} = {value}' {seated} people already sit in the panel, but the maximum is {max}."
    ),
    "infeasible.proposal": "Proposal: {changes}.",
    "infeasible.no_quota_change_helps": (
        "No panel is possible with other quotas either. Find more volunteers or choose a smaller panel."
    ),
    "infeasible.find_more_volunteers": "Find more volunteers or choose a smaller panel.",
    # One suggested quota change (Relaxation; the parts of infeasible.proposal).
    "relaxation.lower_min": "lower the minimum for {feature}={value} from {old} to {new}",
    "relaxation.raise_max": "raise the maximum for {feature}={value} from {old} to {new}",
    # The solver failed or took too long (SolverError).
    "solver.no_relaxation": "The solver could not find a proposal for changed quotas.",
    "solver.lottery_failed": "The solver could not solve the distribution problem (status: {status}).",
    "solver.unexpected_status": "The solver (HiGHS) returned an unexpected status: {status}.",
    "solver.no_valid_panel": "Not a single valid panel was found.",
    "solver.time_limit": "The computation took too long and was stopped.",
    "solver.legacy_no_panel": (
        "The legacy draw found no valid panel after {attempts} attempts. Use the method 'leximin'."
    ),
    # The published lottery (draw, verify).
    "draw.seed_invalid": "The seed must be a number or a text.",
    "draw.no_panels": "There are no panels to draw from.",
    "draw.published_without_panels": "The published data holds no panels.",
    "draw.published_count_differs": ("{published} panels are said to be published, but the file holds {found}."),
    "draw.fingerprint_missing": (
        "The published data has no fingerprint (panels_sha256), so nobody can check that the panels are the "
        "ones that were published."
    ),
    "draw.fingerprint_differs": (
        "The list of panels changed after publication: the fingerprint (SHA-256) does not match."
    ),
    "draw.format_unknown": "Unknown format '{format}' of the published data; known: {known}.",
    # Progress (the second argument of the progress callback).
    "progress.checking": "Checking the data",
    "progress.start_panels": "Finding starting panels",
    "progress.smallest_between": "Finding the smallest chance: between {low:.4f} and {high:.4f}",
    "progress.level_fixed": (
        "Level {level}: chance {probability:.4f} fixed for {groups} group(s); {remaining} group(s) to go"
    ),
    "progress.spreading_within": "Spreading the chances to within {tolerance:.4f}",
    "progress.spreading_reached": "Spreading the chances: {percent:.1f}% of the goal reached",
    "progress.spreading_within_reached": (
        "Spreading the chances to within {tolerance:.4f}: {percent:.1f}% of the goal reached"
    ),
    "progress.smallest_fixed": "Smallest chance {probability:.4f} fixed; spreading the rest",
    "progress.legacy_draw": "Draw {draw} of {draws}",
    "progress.done": "Done",
}


def placeholders(code: str) -> dict[str, str]:
    """The placeholders of a code's template and their format specs (``""`` when none), in order."""
    out: dict[str, str] = {}
    for _text, name, spec, _conv in string.Formatter().parse(TEMPLATES[code]):
        if name is not None:
            out[name] = spec or ""
    return out


def join(parts: Sequence[str], conjunction: str = "and") -> str:
    """'a', 'a and b', 'a, b and c'."""
    parts = [str(p) for p in parts]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + f" {conjunction} " + parts[-1]


def render(code: str, params: Mapping[str, Any]) -> str:
    """The English text of a code with its params (a sequence param is joined with 'and')."""
    shown = {k: join([str(x) for x in v]) if isinstance(v, (list, tuple)) else v for k, v in params.items()}
    return TEMPLATES[code].format(**shown)


class Message:
    """A code with parameters; ``str()`` gives the English text. Raises ValueError for a code
    without a template or params that do not match its placeholders (a programming error)."""

    __slots__ = ("code", "params")

    def __init__(self, code: str, params: Mapping[str, Any] | None = None, /, **kwargs: Any):
        if code not in TEMPLATES:
            raise ValueError(f"no template for the message code {code!r}")
        merged = {**(params or {}), **kwargs}
        expected = set(placeholders(code))
        if set(merged) != expected:
            raise ValueError(f"message {code!r} needs the params {sorted(expected)}, got {sorted(merged)}")
        self.code = code
        self.params = merged

    def __str__(self) -> str:
        return render(self.code, self.params)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.code!r}, {self.params!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Message):
            return NotImplemented
        return (type(self), self.code, self.params) == (type(other), other.code, other.params)

    def __hash__(self) -> int:
        return hash((type(self), self.code))

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly: code, params (relaxations as dicts) and the English text."""
        params = {
            k: [x.as_dict() if hasattr(x, "as_dict") else x for x in v] if isinstance(v, (list, tuple)) else v
            for k, v in self.params.items()
        }
        return {"code": self.code, "params": params, "text": str(self)}


class Issue(Message):
    """One reason why the engine refused (see ``SelectionError.issues``)."""

    __slots__ = ()


class Progress(Message):
    """What the engine is doing now (the second argument of the progress callback)."""

    __slots__ = ()
