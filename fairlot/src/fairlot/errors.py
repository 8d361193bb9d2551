"""Typed exceptions of the selection engine. All ``messages`` are Dutch (B1) and shown to users."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Relaxation:
    """One suggested quota change: set ``bound`` ("min" or "max") of feature=value from old to new.
    The message names the feature and value by their labels when they are given."""

    feature: str
    value: str
    bound: str
    old: int
    new: int
    feature_label: str = field(default="", compare=False)
    value_label: str = field(default="", compare=False)

    @property
    def message(self) -> str:
        shown = f"{self.feature_label or self.feature}={self.value_label or self.value}"
        if self.bound == "min":
            return f"verlaag het minimum voor {shown} van {self.old} naar {self.new}"
        return f"verhoog het maximum voor {shown} van {self.old} naar {self.new}"

    def as_dict(self) -> dict:
        return {
            "feature": self.feature,
            "value": self.value,
            "bound": self.bound,
            "old": self.old,
            "new": self.new,
            "message": self.message,
        }


class SelectionError(Exception):
    """Base class. ``messages`` is a list of Dutch sentences for the user."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__(" ".join(self.messages))


class InvalidInstance(SelectionError):
    """The input itself is wrong (unknown values, duplicate ids, ...)."""


class InfeasibleQuotas(SelectionError):
    """No panel satisfies all quotas. ``relaxations`` is the smallest set of quota changes that helps."""

    def __init__(self, messages: list[str], relaxations: list[Relaxation]):
        self.relaxations = list(relaxations)
        super().__init__(messages)

    @property
    def suggestion(self) -> str:
        """One Dutch sentence with the proposed relaxation (empty if none is known)."""
        if not self.relaxations:
            return ""
        parts = [r.message for r in self.relaxations]
        if len(parts) == 1:
            body = parts[0]
        else:
            body = ", ".join(parts[:-1]) + " en " + parts[-1]
        return "Voorstel: " + body + "."


class SolverError(SelectionError):
    """The LP/MIP solver failed unexpectedly."""
