"""Who hears that a trajectory's feedback was published, without trajectories importing them.

A higher app (``experience``: the participants' questionnaire) registers a function in its
``AppConfig.ready()``; ``services.feedback_publish`` calls ``feedback_published`` inside its transaction,
and each registered function runs with the trajectory's id after that transaction commits (never when
it rolls back). A function that fails is logged and does not undo the publication (``robust``): the
listener must be able to catch up by itself (experience's ``send_questionnaire_invitations`` does).
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

_feedback_published: list[Callable[[int], None]] = []


def feedback_published_register(fn: Callable[[int], None]) -> None:
    """Call ``fn(trajectory_id)`` after each publication of feedback commits (registering twice does nothing)."""
    if fn not in _feedback_published:
        _feedback_published.append(fn)


def _later(fn: Callable[[int], None], trajectory_id: int) -> Callable[[], None]:
    def call() -> None:
        fn(trajectory_id)

    # Django names the function when a robust callback fails (a functools.partial has no name to give).
    call.__qualname__ = f"{getattr(fn, '__qualname__', repr(fn))}({trajectory_id})"
    return call


def feedback_published(trajectory_id: int) -> None:
    """From inside the publishing transaction: schedule every registered function for after the commit."""
    for fn in list(_feedback_published):
        transaction.on_commit(_later(fn, trajectory_id), robust=True)
