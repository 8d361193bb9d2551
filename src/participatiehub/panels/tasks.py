"""Background task of the selection side (django-tasks): the selection by lot.

The task body lives here: progress and signs of life are written as it goes, the outcome in ONE
transaction at the end; a failure stores only the status and a Dutch error text. ``services``
only queues it (``services.selection_start``).
"""

from __future__ import annotations

import logging
import threading
import time

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import fairlot as engine
from django_tasks import task

from participatiehub.core.exceptions import ServiceError

from . import engine_text, selectors
from .constants import SelectionStatus
from .models import SelectedMember, Selection

logger = logging.getLogger(__name__)

GENERIC_FAILURE = gettext_lazy(
    "Something went wrong during the calculation. Nothing was saved. Try again or contact the administrator."
)
PROGRESS_INTERVAL = 0.5  # seconds between progress writes
HEARTBEAT_SECONDS = 30.0  # at most this long between two signs of life of a running selection


@task()
def run_selection(selection_id: int) -> str:
    """Run a queued selection; progress is written as it goes, the outcome in one transaction at the end."""
    return str(selection_run(selection_id))


def _progress_writer(selection_id: int):
    last = {"t": 0.0, "text": None}

    def write(fraction: float, text: str) -> None:
        now = time.monotonic()
        if text == last["text"] and now - last["t"] < PROGRESS_INTERVAL and fraction < 1.0:
            return
        last.update(t=now, text=text)
        with transaction.atomic():
            Selection.objects.filter(pk=selection_id, status=SelectionStatus.RUNNING).update(
                progress=max(0.0, min(1.0, float(fraction))), progress_text=str(text)[:200], heartbeat_at=timezone.now()
            )

    return write


def heartbeat_interval() -> float:
    """Seconds between two signs of life: at most HEARTBEAT_SECONDS, and a quarter of the stale time."""
    return min(HEARTBEAT_SECONDS, settings.SELECTION_STALE_MINUTES * 60 / 4)


class _Heartbeat:
    """Writes a running selection's sign of life from a side thread, also while the engine is busy in one
    long solve without progress. The thread lives and dies with the worker process: when the worker is
    killed, the signs of life stop and ``selections_fail_stale`` frees the pool."""

    def __init__(self, selection_id: int, interval: float):
        self.selection_id = selection_id
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"selection-{selection_id}-heartbeat", daemon=True)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                try:
                    Selection.objects.filter(pk=self.selection_id, status=SelectionStatus.RUNNING).update(
                        heartbeat_at=timezone.now()
                    )
                except DatabaseError:  # e.g. a busy SQLite file; the next beat tries again
                    logger.warning("Selection %s: heartbeat not written", self.selection_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connections

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=10)


class _Superseded(Exception):
    """The run was marked stopped (no sign of life) while it was still going; its outcome is not stored."""


def _fail(selection_id: int, message: str) -> None:
    with transaction.atomic():
        Selection.objects.filter(pk=selection_id, status=SelectionStatus.RUNNING).update(
            status=SelectionStatus.FAILED, error=str(message), finished_at=timezone.now(), progress_text=_("Failed")
        )


def selection_run(selection_id: int) -> str:
    """The body of the background task. Returns the final status."""
    with transaction.atomic():
        claimed = Selection.objects.filter(pk=selection_id, status=SelectionStatus.QUEUED).update(
            status=SelectionStatus.RUNNING,
            progress=0.0,
            progress_text=_("Started"),
            error="",
            heartbeat_at=timezone.now(),
        )
    if not claimed:
        return "skipped"
    with _Heartbeat(selection_id, heartbeat_interval()):
        return _selection_compute(selection_id)


def _dropped_out(selection: Selection) -> set[int]:
    """In a replacement round: who sat in the replaced panel and does not stay (they are not drawn again)."""
    if selection.replaces_id is None:
        return set()
    seated = SelectedMember.objects.filter(selection_id=selection.replaces_id, seated=True)
    return set(seated.values_list("participant_id", flat=True)) - set(
        selection.fixed_members.values_list("pk", flat=True)
    )


def _selection_compute(selection_id: int) -> str:
    selection = Selection.objects.select_related("pool").get(pk=selection_id)
    pool = selection.pool
    try:
        data = selectors.pool_data(pool, names=False, exclude=_dropped_out(selection))
        fixed = [
            selectors.member_pseudonym(pool.pk, pk)
            for pk in selection.fixed_members.order_by("pk").values_list("pk", flat=True)
        ]
        progress = _progress_writer(selection_id)
        result = engine.select(
            data.instance,
            selection.algorithm,
            seated=fixed,
            progress=lambda fraction, step: progress(fraction, engine_text.translate(step)),
            seed=selection.pk,
            # A budget, not a tolerance: exact LEXIMIN if it takes at most this many CPU seconds,
            # else the run stops there with the exact smallest chance (fairlot.select).
            exact_seconds=settings.SELECTION_EXACT_SECONDS,
        )
        progress(1.0, _("Making the lottery of equally likely panels"))
        uniform = engine.round_to_uniform(result, m=selection.panel_count, seed=selection.pk)
        published = uniform.published()
        panel = engine.verify(published, selection.seed)
        index = engine.seed_to_index(selection.seed, len(published["panels"]))
        probabilities = {pid: float(p) for pid, p in result.probabilities.items()}
        stored = {
            "published": published,
            "drawn_index": index,
            "panel": panel,
            "probabilities": probabilities,
            "marginals": {pid: float(p) for pid, p in uniform.marginals.items()},
            "attributes": data.attributes,
            "quotas": data.quotas,
            "fixed": fixed,
            "min_probability": min(probabilities.values()) if probabilities else 0.0,
            "max_probability": max(probabilities.values()) if probabilities else 0.0,
            "gini": float(result.gini),
            "max_deviation": float(uniform.max_deviation),
            "rounding": uniform.method,
            "seconds": float(result.timings.get("total", 0.0)),
        }
        if "exact" in result.stats:
            # LEXIMIN / maximin: exact, or within the tolerance because exact took too long.
            stats = result.stats
            smallest_exact = bool(stats.get("smallest_exact", True))
            bound = stats.get("level_one_bound")
            stored["precision"] = {
                "exact": bool(stats["exact"]),
                "smallest_exact": smallest_exact,
                "max_shortfall": float(stats.get("max_shortfall", 0.0)),
                "smallest_gap": 0.0
                if smallest_exact or bound is None
                else max(0.0, float(bound) - result.min_probability),
                "tolerance": float(stats.get("abs_tol", 0.0)),
                # How long the run tried: the budget, or level 1's safety cap when that stopped it.
                "exact_seconds": stats.get("exact_seconds") if smallest_exact else stats.get("level_one_seconds"),
            }
        seated = set(panel)
        with transaction.atomic():
            SelectedMember.objects.bulk_create(
                [
                    SelectedMember(
                        selection_id=selection_id,
                        participant_id=data.participant_of[pid],
                        probability=probabilities.get(pid, 0.0),
                        seated=pid in seated,
                        pseudonym=pid,
                    )
                    for pid in data.instance.people
                ]
            )
            stored_now = Selection.objects.filter(pk=selection_id, status=SelectionStatus.RUNNING).update(
                status=SelectionStatus.DONE,
                progress=1.0,
                progress_text=_("Done"),
                engine_version=uniform.engine_version,
                result=stored,
                error="",
                finished_at=timezone.now(),
                heartbeat_at=timezone.now(),
            )
            if not stored_now:
                raise _Superseded
    except _Superseded:
        logger.warning("Selection %s was marked stopped while it ran; its outcome was not stored", selection_id)
        return SelectionStatus.FAILED
    except engine.SelectionError as exc:
        _fail(selection_id, " ".join(engine_text.messages(exc)) or GENERIC_FAILURE)
        return SelectionStatus.FAILED
    except ServiceError as exc:
        _fail(selection_id, " ".join(exc.messages))
        return SelectionStatus.FAILED
    except Exception:
        logger.exception("Selection %s failed", selection_id)
        _fail(selection_id, GENERIC_FAILURE)
        return SelectionStatus.FAILED
    return SelectionStatus.DONE
