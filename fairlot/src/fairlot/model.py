"""Selection instances and their compiled "type" (profile) representation.

Volunteers with identical values on every quota feature are interchangeable: the quotas cannot
tell them apart. We group them into *types* t with a count n_t. A panel is then a vector of
per-type counts 0 <= c_t <= n_t, and by symmetry the fair lotteries (maximin, leximin) give every
member of a type the same probability E[c_t] / n_t.

Households: when several volunteers share a household code, at most one of them may sit. Those
volunteers are no longer interchangeable with the others, so each of them becomes a separate
type of size 1, and the household adds the constraint sum_{t in household} c_t <= 1.

This module is pure Python + numpy; it must not import Django.
"""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .errors import InfeasibleQuotas, InvalidInstance, Relaxation
from .messages import Issue


@dataclass(frozen=True)
class Labels:
    """How the user sees features, values and people in messages; the code is shown where none is given."""

    features: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    people: Mapping[str, str] = field(default_factory=dict)

    def feature(self, feature: str) -> str:
        return str(self.features.get(feature) or feature)

    def value(self, feature: str, value: str) -> str:
        return str(self.values.get(feature, {}).get(value) or value)

    def pair(self, feature: str, value: str) -> str:
        """'feature = value' as the user sees it."""
        return f"{self.feature(feature)} = {self.value(feature, value)}"

    def shown(self, feature: str, value: str) -> dict[str, str]:
        """The params ``feature`` and ``value`` of a message, as the user sees them."""
        return {"feature": self.feature(feature), "value": self.value(feature, value)}

    def person_list(self, person_ids: Sequence[str], most: int = 5) -> str:
        shown = [str(self.people.get(pid) or pid) for pid in person_ids[:most]]
        return ", ".join(shown) + (" …" if len(person_ids) > most else "")

    def relaxation(self, feature: str, value: str, bound: str, old: int, new: int) -> Relaxation:
        return Relaxation(
            feature, value, bound, old, new, feature_label=self.feature(feature), value_label=self.value(feature, value)
        )


def is_whole(value: object) -> bool:
    """A whole number given as a number: an int (numpy's too), not a bool, a float or a text."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def shown_number(value: object) -> str:
    """How a wrong number appears in a message (short; None and texts as they are)."""
    text = str(value)
    return text if len(text) <= 40 else text[:39] + "…"


@dataclass(frozen=True)
class Quota:
    """At least ``min`` and at most ``max`` seats for volunteers with ``feature == value``."""

    feature: str
    value: str
    min: int
    max: int


@dataclass
class Instance:
    """A selection task: a pool of volunteers, quotas and a number of seats.

    ``people`` maps a person id to that person's values ({feature: value}); extra keys that are
    not quota features are ignored. The insertion order of ``people`` is "the person order" used
    by every deterministic, seeded step (expansion of type counts to persons).
    ``households`` optionally maps person id -> household code (empty / missing = no household).
    """

    people: Mapping[str, Mapping[str, str]]
    quotas: Sequence[Quota]
    panel_size: int
    households: Mapping[str, str] | None = None
    name: str = ""
    labels: Labels = field(default_factory=Labels)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Instance:
        """An instance from its JSON form (:meth:`to_dict`): ``people`` {id: {feature: value}},
        ``quotas`` [{feature, value, min, max}], ``panel_size`` and optionally ``households``
        {id: code} and ``name``. A missing or malformed field raises InvalidInstance
        (``input.field_invalid``)."""

        def bad(name: str) -> InvalidInstance:
            return InvalidInstance([Issue("input.field_invalid", field=name)])

        if not isinstance(data, Mapping):
            raise bad("people")
        people = data.get("people")
        if not isinstance(people, Mapping) or not all(isinstance(v, Mapping) for v in people.values()):
            raise bad("people")
        try:
            quotas = [Quota(str(q["feature"]), str(q["value"]), q["min"], q["max"]) for q in data["quotas"]]
        except (KeyError, TypeError) as exc:
            raise bad("quotas") from exc
        if not all(is_whole(q.min) and is_whole(q.max) for q in quotas):
            raise bad("quotas")
        panel_size = data.get("panel_size")
        if not is_whole(panel_size):
            raise bad("panel_size")
        households = data.get("households")
        if households is not None and not isinstance(households, Mapping):
            raise bad("households")
        return cls(
            people={str(pid): {str(f): str(v) for f, v in vals.items()} for pid, vals in people.items()},
            quotas=quotas,
            panel_size=panel_size,
            households=None if households is None else {str(k): str(v or "") for k, v in households.items()},
            name=str(data.get("name") or ""),
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON form read by :meth:`from_dict` (labels are not included)."""
        data: dict[str, Any] = {
            "people": {pid: dict(vals) for pid, vals in self.people.items()},
            "quotas": [{"feature": q.feature, "value": q.value, "min": q.min, "max": q.max} for q in self.quotas],
            "panel_size": self.panel_size,
        }
        if self.households is not None:
            data["households"] = dict(self.households)
        if self.name:
            data["name"] = self.name
        return data

    def number_issues(self) -> list[Issue]:
        """Whole numbers where the engine counts seats: the panel size and every quota's minimum
        and maximum (``input.panel_size_not_whole``, ``input.quota_not_whole``). A text, None,
        a bool or 2.5 is refused rather than converted or truncated."""
        issues: list[Issue] = []
        if not is_whole(self.panel_size):
            issues.append(Issue("input.panel_size_not_whole", seats=shown_number(self.panel_size)))
        for q in self.quotas:
            if not isinstance(q, Quota):
                issues.append(Issue("input.field_invalid", field="quotas"))
                continue
            if not (is_whole(q.min) and is_whole(q.max)):
                issues.append(
                    Issue(
                        "input.quota_not_whole",
                        self.labels.shown(str(q.feature), str(q.value)),
                        min=shown_number(q.min),
                        max=shown_number(q.max),
                    )
                )
        return issues

    def check_numbers(self) -> None:
        """Raise InvalidInstance with :meth:`number_issues` if there are any."""
        issues = self.number_issues()
        if issues:
            raise InvalidInstance(issues)

    @property
    def features(self) -> list[str]:
        seen: list[str] = []
        for q in self.quotas:
            if q.feature not in seen:
                seen.append(q.feature)
        return seen

    def with_seated(self, seated_ids: Iterable[str]) -> tuple[Instance, list[str]]:
        """Reduced instance for a replacement round.

        The already-seated members are taken out of the pool; their values are subtracted from
        the quotas and their number from the panel size. Members of their households leave the
        pool too (with households switched on). Returns (reduced instance, seated ids in order).
        """
        self.check_numbers()
        seated = list(dict.fromkeys(seated_ids))
        unknown = [pid for pid in seated if pid not in self.people]
        if unknown:
            raise InvalidInstance(
                [Issue("input.seated_unknown", people=self.labels.person_list(unknown, most=len(unknown)))]
            )
        if len(seated) > self.panel_size:
            raise InfeasibleQuotas([Issue("infeasible.seated_above_seats", seated=len(seated), seats=self.panel_size)])
        issues: list[Issue] = []
        relaxations: list[Relaxation] = []
        new_quotas: list[Quota] = []
        for q in self.quotas:
            used = sum(1 for pid in seated if str(self.people[pid].get(q.feature, "")) == q.value)
            if used > q.max:
                issues.append(
                    Issue(
                        "infeasible.seated_above_maximum", self.labels.shown(q.feature, q.value), seated=used, max=q.max
                    )
                )
                relaxations.append(self.labels.relaxation(q.feature, q.value, "max", q.max, used))
            new_quotas.append(Quota(q.feature, q.value, max(0, q.min - used), max(0, q.max - used)))
        if issues:
            raise InfeasibleQuotas(issues, relaxations)
        seated_set = set(seated)
        blocked: set[str] = set()
        if self.households:
            codes = {self.households.get(pid) for pid in seated if self.households.get(pid)}
            blocked = {pid for pid, code in self.households.items() if code and code in codes}
        people = {pid: vals for pid, vals in self.people.items() if pid not in seated_set and pid not in blocked}
        households = None
        if self.households:
            households = {pid: c for pid, c in self.households.items() if pid in people}
        reduced = Instance(
            people=people,
            quotas=new_quotas,
            panel_size=self.panel_size - len(seated),
            households=households,
            name=self.name,
            labels=self.labels,
        )
        return reduced, seated


@dataclass
class TypeModel:
    """Compiled instance: types, quota matrix, household groups.

    Attributes
    ----------
    person_ids: all person ids, in the person order.
    type_of: for every person (same order), the index of its type.
    members: for every type, the person ids of its members (in person order).
    n: array of type sizes n_t.
    values: list of (feature, value) pairs, one per quota row.
    A: 0/1 matrix (quota rows x types): A[v, t] = 1 if type t has value v.
    qmin, qmax: quota bounds per row.
    k: panel size.
    households: list of lists of type indices; at most one seat per list.
    type_values: for every type, the tuple of its values (feature order).
    """

    person_ids: list[str]
    type_of: np.ndarray
    members: list[list[str]]
    n: np.ndarray
    values: list[tuple[str, str]]
    A: np.ndarray
    qmin: np.ndarray
    qmax: np.ndarray
    k: int
    households: list[list[int]]
    features: list[str]
    type_values: list[tuple[str, ...]]
    feature_of_row: list[int] = field(default_factory=list)
    labels: Labels = field(default_factory=Labels)

    @property
    def num_types(self) -> int:
        return len(self.n)


def compile_instance(instance: Instance) -> TypeModel:
    """Group the pool into types and build the quota matrix. Validates the input."""
    instance.check_numbers()
    problems: list[Issue] = []
    features = instance.features
    labels = instance.labels
    if instance.panel_size <= 0:
        problems.append(Issue("input.panel_size_not_positive", seats=instance.panel_size))
    values: list[tuple[str, str]] = []
    row_of: dict[tuple[str, str], int] = {}
    qmin: list[int] = []
    qmax: list[int] = []
    for q in instance.quotas:
        key = (q.feature, q.value)
        if key in row_of:
            problems.append(Issue("input.quota_twice", labels.shown(q.feature, q.value)))
            continue
        if q.min < 0 or q.max < 0:
            problems.append(Issue("input.quota_negative", labels.shown(q.feature, q.value)))
        row_of[key] = len(values)
        values.append(key)
        qmin.append(int(q.min))
        qmax.append(int(q.max))
    feature_of_row = [features.index(f) for f, _ in values]

    person_ids = [str(pid) for pid in instance.people]
    profile_of_person: list[tuple[str, ...]] = []
    missing: dict[tuple[str, str], list[str]] = {}
    for pid, vals in instance.people.items():
        prof = []
        for f in features:
            v = str(vals.get(f, "")).strip()
            if (f, v) not in row_of:
                missing.setdefault((f, v), []).append(str(pid))
            prof.append(v)
        profile_of_person.append(tuple(prof))
    for (f, v), pids in missing.items():
        shown = labels.person_list(pids)
        if v == "":
            problems.append(Issue("input.value_missing", count=len(pids), feature=labels.feature(f), people=shown))
        else:
            problems.append(Issue("input.value_without_quota", labels.shown(f, v), count=len(pids), people=shown))
    if len(set(person_ids)) != len(person_ids):
        problems.append(Issue("input.duplicate_ids"))
    if problems:
        raise InvalidInstance(problems)

    # Household codes shared by at least two people in the pool.
    hh_of: dict[str, str] = {}
    if instance.households:
        counts: dict[str, int] = {}
        for pid in person_ids:
            code = str(instance.households.get(pid, "") or "").strip()
            if code:
                counts[code] = counts.get(code, 0) + 1
        for pid in person_ids:
            code = str(instance.households.get(pid, "") or "").strip()
            if code and counts[code] >= 2:
                hh_of[pid] = code

    type_index: dict[tuple, int] = {}
    members: list[list[str]] = []
    type_values: list[tuple[str, ...]] = []
    type_of = np.empty(len(person_ids), dtype=np.int64)
    hh_types: dict[str, list[int]] = {}
    for i, (pid, prof) in enumerate(zip(person_ids, profile_of_person, strict=False)):
        if pid in hh_of:
            key: tuple = ("__household_member__", pid)
        else:
            key = prof
        t = type_index.get(key)
        if t is None:
            t = len(members)
            type_index[key] = t
            members.append([])
            type_values.append(prof)
            if pid in hh_of:
                hh_types.setdefault(hh_of[pid], []).append(t)
        members[t].append(pid)
        type_of[i] = t
    n = np.array([len(m) for m in members], dtype=np.int64)
    A = np.zeros((len(values), len(members)), dtype=np.int8)
    for t, prof in enumerate(type_values):
        for f, v in zip(features, prof, strict=False):
            A[row_of[(f, v)], t] = 1
    return TypeModel(
        person_ids=person_ids,
        type_of=type_of,
        members=members,
        n=n,
        values=values,
        A=A,
        qmin=np.array(qmin, dtype=np.int64),
        qmax=np.array(qmax, dtype=np.int64),
        k=int(instance.panel_size),
        households=list(hh_types.values()),
        features=features,
        type_values=type_values,
        feature_of_row=feature_of_row,
        labels=labels,
    )


def panel_satisfies(tm: TypeModel, counts: np.ndarray) -> bool:
    """Whether a type-count vector is a valid panel (quotas, size, type sizes, households)."""
    c = np.asarray(counts)
    if c.shape != (tm.num_types,) or np.any(c < 0) or np.any(c > tm.n) or int(c.sum()) != tm.k:
        return False
    per_value = tm.A.astype(np.int64) @ c
    if np.any(per_value < tm.qmin) or np.any(per_value > tm.qmax):
        return False
    return all(int(c[h].sum()) <= 1 for h in tm.households)


def people_panel_satisfies(instance: Instance, panel: Sequence[str]) -> bool:
    """Whether a list of person ids is a valid panel of ``instance`` (independent of types)."""
    if len(panel) != instance.panel_size or len(set(panel)) != len(panel):
        return False
    if any(pid not in instance.people for pid in panel):
        return False
    for q in instance.quotas:
        cnt = sum(1 for pid in panel if str(instance.people[pid].get(q.feature, "")).strip() == q.value)
        if cnt < q.min or cnt > q.max:
            return False
    if instance.households:
        codes = [str(instance.households.get(pid, "") or "").strip() for pid in panel]
        codes = [c for c in codes if c]
        if len(codes) != len(set(codes)):
            return False
    return True
