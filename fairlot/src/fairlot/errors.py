"""Typed exceptions of the selection engine. Each carries ``issues``: codes with parameters
(:mod:`fairlot.messages`) that an application translates; ``str(error)`` is the English text."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from .messages import Issue, render


@dataclass(frozen=True)
class Relaxation:
    """One suggested quota change: set ``bound`` ("min" or "max") of feature=value from old to new.
    Texts name the feature and value by their labels when they are given."""

    feature: str
    value: str
    bound: str
    old: int
    new: int
    feature_label: str = field(default="", compare=False)
    value_label: str = field(default="", compare=False)

    @property
    def code(self) -> str:
        return "relaxation.lower_min" if self.bound == "min" else "relaxation.raise_max"

    @property
    def params(self) -> dict:
        return {
            "feature": self.feature_label or self.feature,
            "value": self.value_label or self.value,
            "old": self.old,
            "new": self.new,
        }

    @property
    def message(self) -> str:
        """The English text, e.g. "lower the minimum for gender=woman from 6 to 5"."""
        return render(self.code, self.params)

    def __str__(self) -> str:
        return self.message

    def as_dict(self) -> dict:
        return {
            "feature": self.feature,
            "value": self.value,
            "bound": self.bound,
            "old": self.old,
            "new": self.new,
            "code": self.code,
            "message": self.message,
        }


class SelectionError(Exception):
    """Base class. ``issues`` is a list of :class:`~fairlot.messages.Issue` (code + params)."""

    def __init__(self, issues: Iterable[Issue]):
        self.issues = list(issues)
        super().__init__(" ".join(str(i) for i in self.issues))

    @property
    def codes(self) -> list[str]:
        return [i.code for i in self.issues]

    @property
    def messages(self) -> list[str]:
        """The issues as English sentences."""
        return [str(i) for i in self.issues]


class InvalidInstance(SelectionError):
    """The input itself is wrong (unknown values, duplicate ids, ...)."""


class InfeasibleQuotas(SelectionError):
    """No panel satisfies all quotas. ``relaxations`` is the smallest set of quota changes that helps;
    when there is one, the last issue is ``infeasible.proposal`` with these changes."""

    def __init__(self, issues: Iterable[Issue], relaxations: Iterable[Relaxation] = ()):
        self.relaxations = list(relaxations)
        super().__init__(issues)

    @property
    def suggestion(self) -> str:
        """One English sentence with the proposed relaxation (empty if none is known)."""
        if not self.relaxations:
            return ""
        return render("infeasible.proposal", {"changes": tuple(self.relaxations)})


class SolverError(SelectionError):
    """The LP/MIP solver failed unexpectedly."""
