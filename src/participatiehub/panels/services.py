"""Writing pools, quotas, selections, engagements and allowances.

Every service runs in one transaction; when it refuses (ServiceError, Dutch message) nothing changed.
The selection itself runs as a background task (``tasks.run_selection``, whose body is
``tasks.selection_run``): progress is written in short transactions, the outcome in ONE transaction
at the end; a failure stores only the status and a Dutch error text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

import fairlot as engine

from participatiehub.audit.services import processing_log_write
from participatiehub.core.csvutil import csv_delimiter
from participatiehub.core.exceptions import ServiceError
from participatiehub.core.services import data_version_bump
from participatiehub.participants.models import Participant

from . import engine_text, selectors, tasks
from .constants import Algorithm, PublicationAction, SelectionStatus
from .models import (
    Allowance,
    Engagement,
    Pool,
    PoolMember,
    PopulationShare,
    Quota,
    SelectedMember,
    Selection,
    SelectionPublication,
    new_public_id,
)

logger = logging.getLogger(__name__)

ACTIVE = (SelectionStatus.QUEUED, SelectionStatus.RUNNING)
ALREADY_RUNNING = gettext_lazy("A selection is already running for this pool. Wait until it is done.")
STOPPED = gettext_lazy(
    "The selection stopped: the background worker gave no sign of life for %(minutes)s minutes. "
    "Nothing was saved. You can start the selection again."
)


def _bump(pool: Pool) -> None:
    Pool.objects.filter(pk=pool.pk).update(version=F("version") + 1)
    pool.refresh_from_db(fields=["version"])


def _check_version(pool: Pool, version: int | str | None) -> None:
    """Refuse an edit made on an older version of the pool; a version that is no number is refused too."""
    if version is None:
        return
    try:
        current = int(version) == pool.version
    except (TypeError, ValueError):
        current = False
    if not current:
        raise ServiceError(_("Someone else changed this pool in the meantime. Reload the page and try again."))


# --- pools ----------------------------------------------------------------------------------------


@transaction.atomic
def pool_create(
    *, hub, actor, name: str, panel_size: int, categories: list[str], one_per_household: bool, trajectory=None
) -> Pool:
    if panel_size < 1:
        raise ServiceError(_("A panel has at least 1 seat."))
    return Pool.objects.create(
        hub=hub,
        name=name,
        panel_size=panel_size,
        categories=list(categories),
        one_per_household=one_per_household,
        trajectory=trajectory,
    )


@transaction.atomic
def pool_update(*, pool: Pool, actor, version: int | None = None, **fields) -> Pool:
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    _check_version(pool, version)
    for key, value in fields.items():
        setattr(pool, key, value)
    pool.version += 1
    pool.save()
    # Quotas and shares of categories that are no longer used are removed with them.
    Quota.objects.filter(pool=pool).exclude(category__in=pool.categories).delete()
    PopulationShare.objects.filter(pool=pool).exclude(category__in=pool.categories).delete()
    return pool


@transaction.atomic
def pool_members_add(*, pool: Pool, actor, participant_ids) -> int:
    """Add participants of the pool's hub who consent to the panel. Returns how many were added."""
    ids = {int(pk) for pk in participant_ids}
    eligible = set(selectors.eligible_participants(pool.hub).filter(pk__in=ids).values_list("pk", flat=True))
    if ids - eligible:
        raise ServiceError(_("You can only add people of this hub who gave consent for the panel."))
    added = 0
    for pk in sorted(eligible):
        member, created = PoolMember.objects.get_or_create(pool=pool, participant_id=pk)
        if created:
            added += 1
        elif member.withdrawn_at is not None:
            member.withdrawn_at = None
            member.save(update_fields=["withdrawn_at"])
            added += 1
    if added:
        _bump(pool)
        processing_log_write(
            actor=actor,
            activity="panels.pool_member_add",
            purpose="Samenstellen van een pool voor een loting",
            operation="write",
            subject_type="participant",
            subject_ids=sorted(eligible),
            hub_id=pool.hub_id,
        )
    return added


@transaction.atomic
def pool_member_remove(*, pool: Pool, actor, participant_id: int) -> None:
    updated = PoolMember.objects.filter(pool=pool, participant_id=participant_id, withdrawn_at__isnull=True).update(
        withdrawn_at=timezone.now()
    )
    if not updated:
        raise ServiceError(_("This person is not in the pool (any more)."))
    _bump(pool)
    processing_log_write(
        actor=actor,
        activity="panels.pool_member_remove",
        purpose="Samenstellen van een pool voor een loting",
        operation="write",
        subject_type="participant",
        subject_ids=[participant_id],
        hub_id=pool.hub_id,
    )


# --- quotas and population shares -----------------------------------------------------------------


def asdict_row(row) -> dict:
    return {"category": row.category, "value": row.value, "minimum": row.minimum, "maximum": row.maximum}


@dataclass
class QuotaRow:
    category: str
    value: str
    minimum: int
    maximum: int
    share: Decimal | None = None


@transaction.atomic
def quotas_save(
    *, pool: Pool, actor, rows: list[QuotaRow], version: int | None = None, categories: list[str] | None = None
) -> int:
    """Replace the quotas of ``categories`` (default: all pool categories) by ``rows``."""
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    _check_version(pool, version)
    problems = []
    for row in rows:
        if row.category not in pool.categories:
            problems.append(_("The category '%(category)s' is not used in this pool.") % {"category": row.category})
        if row.minimum < 0 or row.maximum < 0:
            problems.append(_("The quota for %(category)s=%(value)s cannot be negative.") % asdict_row(row))
        elif row.minimum > row.maximum:
            problems.append(
                _("For %(category)s=%(value)s the minimum (%(minimum)s) is larger than the maximum (%(maximum)s).")
                % asdict_row(row)
            )
        elif row.maximum > pool.panel_size:
            problems.append(
                _(
                    "For %(category)s=%(value)s the maximum (%(maximum)s) is larger than the number of seats (%(seats)s)."
                )
                % {**asdict_row(row), "seats": pool.panel_size}
            )
    if problems:
        raise ServiceError(problems)
    scope = categories if categories is not None else pool.categories
    Quota.objects.filter(pool=pool, category__in=scope).delete()
    Quota.objects.bulk_create(
        [Quota(pool=pool, category=r.category, value=r.value, minimum=r.minimum, maximum=r.maximum) for r in rows]
    )
    pool.version += 1
    pool.save(update_fields=["version"])
    return len(rows)


def _round_half_up(x: float) -> int:
    return int(math.floor(x + 0.5))


def derive_quotas(shares: list[QuotaRow], panel_size: int, tolerance: int) -> list[QuotaRow]:
    """Seat range per value: share × seats, rounded, ± tolerance seats (never below 0 or above the seats)."""
    out = []
    for row in shares:
        centre = _round_half_up(float(row.share) * panel_size)
        out.append(
            QuotaRow(
                row.category,
                row.value,
                max(0, centre - tolerance),
                min(panel_size, centre + tolerance),
                share=row.share,
            )
        )
    return out


#: Column names the population figures may have (English and Dutch, as the help text shows).
HEADER_ALIASES = {
    "category": "category",
    "categorie": "category",
    "kenmerk": "category",
    "vraag": "category",
    "value": "value",
    "waarde": "value",
    "antwoord": "value",
    "share": "share",
    "aandeel": "share",
    "deel": "share",
    "percentage": "share",
}


def _typed(text: str) -> str:
    """What people type, made comparable: case, spaces and the kind of dash do not matter."""
    return " ".join(str(text).replace("\u2013", "-").replace("\u2014", "-").casefold().split())


@dataclass
class _Words:
    """The names a coordinator may use for the pool's categories and values: codes and labels (nl and en)."""

    categories: dict[str, str]  # typed name → category code
    values: dict[str, dict[str, str]]  # category code → typed name → value code
    category_label: dict[str, str]  # code → label in the page's language
    value_label: dict[str, dict[str, str]]


def _pool_words(pool: Pool) -> _Words:
    known = selectors.known_values(pool)
    category_label = selectors.category_labels(pool.hub)
    value_label = selectors.value_labels(pool.hub, pool.categories)
    categories = {_typed(c): c for c in pool.categories}
    values = {c: {_typed(v): v for v in known.get(c, [])} for c in pool.categories}
    for language in ("nl", "en"):
        with translation.override(language):
            cat_labels = selectors.category_labels(pool.hub)
            val_labels = selectors.value_labels(pool.hub, pool.categories)
        for code in pool.categories:
            categories.setdefault(_typed(cat_labels.get(code, code)), code)
            for value, label in val_labels.get(code, {}).items():
                values[code].setdefault(_typed(label), value)
    return _Words(categories, values, category_label, value_label)


def _split_decimal_comma(raw: list[str], width: int, share_pos: int) -> list[str]:
    """'gender,woman,0,51' (a Dutch decimal comma in a comma-separated line) → share '0,51'."""
    if len(raw) == width + 1 and share_pos == width - 1 and raw[-2].strip().isdigit() and raw[-1].strip().isdigit():
        return [*raw[:-2], f"{raw[-2].strip()},{raw[-1].strip()}"]
    return raw


def parse_population_csv(text: str, pool: Pool) -> tuple[list[QuotaRow], list[str]]:
    """Read ``category,value,share`` lines. Returns (rows, Dutch errors per row).

    Headers may be English or Dutch (kenmerk/categorie, waarde, aandeel); categories and values may be
    their codes or the labels shown on the page (in Dutch or English, any case); shares may be 0.25,
    0,25 or 25%. The rows hold the codes."""
    rows: list[QuotaRow] = []
    errors: list[str] = []
    text = (text or "").lstrip("\ufeff")
    if not text.strip():
        return [], [_("The file is empty. Expected: a header line 'category,value,share' and the rows below it.")]
    delimiter = csv_delimiter(text)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [HEADER_ALIASES.get(_typed(h), _typed(h)) for h in next(reader, [])]
    missing = [c for c in ("category", "value", "share") if c not in header]
    if missing:
        return [], [
            _("The header line misses the column(s) %(columns)s. Expected: category,value,share.")
            % {"columns": ", ".join(f"'{c}'" for c in missing)}
        ]
    pos = {name: header.index(name) for name in ("category", "value", "share")}
    words = _pool_words(pool)
    used = ", ".join(words.category_label.get(c, c) for c in pool.categories) or "–"
    seen: set[tuple[str, str]] = set()
    for line_no, raw in enumerate(reader, start=2):
        if not any(cell.strip() for cell in raw):
            continue
        if delimiter == ",":
            raw = _split_decimal_comma(raw, len(header), pos["share"])
        try:
            category_text, value_text, share_text = (raw[pos[k]].strip() for k in ("category", "value", "share"))
        except IndexError:
            errors.append(_("Row %(row)s: columns are missing. Expected: category,value,share.") % {"row": line_no})
            continue
        problems = []
        category = words.categories.get(_typed(category_text))
        value = value_text
        if category is None:
            problems.append(
                _("the category '%(category)s' is not used in this pool (used: %(used)s)")
                % {"category": category_text, "used": used}
            )
        if not value_text:
            problems.append(_("the value is empty"))
        elif category is not None and words.values[category]:
            value = words.values[category].get(_typed(value_text))
            if value is None:
                labels = words.value_label.get(category, {})
                problems.append(
                    _("'%(value)s' is not an answer to %(category)s (answers: %(known)s)")
                    % {
                        "value": value_text,
                        "category": words.category_label.get(category, category),
                        "known": ", ".join(labels.get(v, v) for v in words.values[category].values()),
                    }
                )
        share = None
        percent = share_text.endswith("%")
        try:
            share = Decimal(share_text.rstrip("%").strip().replace(",", "."))
            if percent:
                share = share / 100
        except InvalidOperation:
            problems.append(_("'%(share)s' is not a number") % {"share": share_text})
        if share is not None and not (Decimal(0) <= share <= Decimal(1)):
            problems.append(_("the share %(share)s is not between 0 and 1 (or 0%% and 100%%)") % {"share": share_text})
            share = None
        if (category, value) in seen:
            problems.append(
                _("%(category)s=%(value)s is already in an earlier row")
                % {"category": category_text, "value": value_text}
            )
        if problems:
            errors.append(_("Row %(row)s: %(problems)s.") % {"row": line_no, "problems": "; ".join(problems)})
            continue
        seen.add((category, value))
        rows.append(QuotaRow(category, value, 0, 0, share=share.quantize(Decimal("0.00001"))))
    totals: dict[str, Decimal] = {}
    for row in rows:
        totals[row.category] = totals.get(row.category, Decimal(0)) + row.share
    for category, total in totals.items():
        if total > Decimal("1.01"):
            errors.append(
                _("The shares for '%(category)s' add up to %(total)s%%; that cannot be more than 100%%.")
                % {"category": words.category_label.get(category, category), "total": f"{total * 100:.1f}"}
            )
    if not rows and not errors:
        errors.append(_("The file has no rows with shares."))
    return rows, errors


def population_gaps(pool: Pool, rows: list[QuotaRow]) -> list[str]:
    """Dutch warnings: answers that people in the pool gave, in a category the figures cover, without a share.
    Such a value would get no quota, and then the lottery cannot start."""
    covered: dict[str, set[str]] = {}
    for row in rows:
        covered.setdefault(row.category, set()).add(row.value)
    counts: dict[tuple[str, str], int] = {}
    for member in selectors.active_members(pool):
        for category, values in covered.items():
            value = str(member.participant.attributes.get(category, "")).strip()
            if value and value not in values:
                counts[(category, value)] = counts.get((category, value), 0) + 1
    if not counts:
        return []
    category_label = selectors.category_labels(pool.hub)
    value_label = selectors.value_labels(pool.hub, list(covered))
    return [
        ngettext(
            "%(category)s '%(value)s': %(count)s person in the pool gave this answer, but it has no share.",
            "%(category)s '%(value)s': %(count)s people in the pool gave this answer, but it has no share.",
            count,
        )
        % {
            "category": category_label.get(category, category),
            "value": value_label.get(category, {}).get(value, value),
            "count": count,
        }
        for (category, value), count in sorted(counts.items())
    ]


@transaction.atomic
def population_shares_save(
    *,
    pool: Pool,
    actor,
    rows: list[QuotaRow],
    tolerance: int,
    version: int | None = None,
    accept_gaps: bool = False,
) -> list[QuotaRow]:
    """Store the shares and the derived quotas for the categories in ``rows``, all in one transaction.
    Refused while answers in the pool have no share (``population_gaps``), unless ``accept_gaps``."""
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    _check_version(pool, version)
    if tolerance < 0:
        raise ServiceError(_("The margin cannot be negative."))
    gaps = population_gaps(pool, rows)
    if gaps and not accept_gaps:
        raise ServiceError(
            [
                _(
                    "Nothing was saved: some answers in the pool have no share. Add a line for each "
                    "(a share of 0 is allowed), or tick the box to save anyway."
                ),
                *gaps,
            ]
        )
    categories = sorted({r.category for r in rows})
    PopulationShare.objects.filter(pool=pool, category__in=categories).delete()
    PopulationShare.objects.bulk_create(
        [PopulationShare(pool=pool, category=r.category, value=r.value, share=r.share) for r in rows]
    )
    quotas = derive_quotas(rows, pool.panel_size, tolerance)
    quotas_save(pool=pool, actor=actor, rows=quotas, categories=categories)
    return quotas


# --- building the engine's instance and checking feasibility --------------------------------------


@dataclass
class Feasibility:
    ok: bool
    messages: list[str] = field(default_factory=list)
    relaxations: list = field(default_factory=list)  # engine.Relaxation
    pool_size: int = 0


def _unanswered(data: selectors.PoolData) -> list[str]:
    """Dutch messages naming the people who left a question with quotas unanswered (they block the lottery)."""
    labels = data.instance.labels
    messages = []
    for feature in data.instance.features:
        people = [pid for pid, answers in data.attributes.items() if not answers.get(feature)]
        if people:
            messages.append(
                ngettext(
                    "%(count)s person in the pool did not answer the question '%(question)s': %(names)s.",
                    "%(count)s people in the pool did not answer the question '%(question)s': %(names)s.",
                    len(people),
                )
                % {
                    "count": len(people),
                    "question": labels.feature(feature),
                    "names": labels.person_list(people, most=len(people)),
                }
            )
    if messages:
        messages.append(
            _(
                "The lottery cannot start while answers are missing. Ask these people to fill in their answers "
                "on their page 'My data', or take them out of the pool."
            )
        )
    return messages


def feasibility_check(pool: Pool, *, fixed: list[str] = (), exclude: Iterable[int] = ()) -> Feasibility:
    """The engine's feasibility check, with Dutch explanations and the smallest relaxation."""
    data = selectors.pool_data(pool, exclude=exclude)
    size = len(data.instance.people)
    if size < pool.panel_size:
        return Feasibility(
            False,
            [
                _(
                    "There are only %(size)s people in the pool, but the panel has %(seats)s seats. "
                    "Add more people to the pool or choose a smaller panel."
                )
                % {"size": size, "seats": pool.panel_size}
            ],
            [],
            size,
        )
    if not data.instance.quotas:
        return Feasibility(
            False, [_("There are no quotas yet. Enter them or derive them from the population figures.")], [], size
        )
    unanswered = _unanswered(data)
    if unanswered:
        return Feasibility(False, unanswered, [], size)
    try:
        instance = data.instance
        if fixed:
            instance, _seated = instance.with_seated(fixed)
            if instance.panel_size == 0:
                return Feasibility(True, [], [], size)
        engine.check_feasible(engine.compile_instance(instance))
    except engine.InfeasibleQuotas as exc:
        return Feasibility(False, engine_text.messages(exc), engine_text.relaxations(exc.relaxations), size)
    except engine.SelectionError as exc:
        return Feasibility(False, engine_text.messages(exc), [], size)
    return Feasibility(True, [], [], size)


@transaction.atomic
def relaxation_apply(*, pool: Pool, actor, version: int | None = None) -> list:
    """Recompute the proposal on the server and apply it. Nothing changes if there is none."""
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    _check_version(pool, version)
    check = feasibility_check(pool)
    if check.ok:
        raise ServiceError(_("The quotas are already feasible; nothing was changed."))
    if not check.relaxations:
        raise ServiceError(check.messages or [_("There is no proposal to change the quotas.")])
    for r in check.relaxations:
        quota = Quota.objects.get(pool=pool, category=r.feature, value=r.value)
        if r.bound == "min":
            quota.minimum = r.new
        else:
            quota.maximum = r.new
        quota.save(update_fields=["minimum", "maximum"])
    pool.version += 1
    pool.save(update_fields=["version"])
    return check.relaxations


# --- selections -----------------------------------------------------------------------------------


@transaction.atomic
def selection_start(
    *,
    pool: Pool,
    actor,
    seed: str,
    algorithm: str = Algorithm.LEXIMIN,
    panel_count: int = 1000,
    replaces: Selection | None = None,
    dropped_out_ids=(),
) -> Selection:
    """Create a queued selection and start the background task after commit. Refuses infeasible pools."""
    seed = (seed or "").strip()
    if not seed:
        raise ServiceError(_("Fill in the seed you announced beforehand."))
    if panel_count < 1:
        raise ServiceError(_("The number of panels in the lottery must be at least 1."))
    if algorithm not in Algorithm.values:
        raise ServiceError(_("Choose a method from the list."))
    # One start per pool at a time: the pool row is locked (PostgreSQL) and the database refuses a second
    # waiting or running selection (constraint panels_selection_one_active_per_pool, also on SQLite).
    pool = Pool.objects.select_for_update().get(pk=pool.pk)
    selections_fail_stale(pool=pool)
    if Selection.objects.filter(pool=pool, status__in=ACTIVE).exists():
        raise ServiceError(ALREADY_RUNNING)
    fixed_ids: list[int] = []
    dropped: set[int] = set()
    if replaces is not None:
        if replaces.pool_id != pool.pk or replaces.status != SelectionStatus.DONE:
            raise ServiceError(_("You can only replace people from a finished selection of this pool."))
        dropped = {int(pk) for pk in dropped_out_ids}
        if not dropped:
            raise ServiceError(_("Choose who dropped out."))
        active = set(selectors.active_members(pool).values_list("participant_id", flat=True))
        fixed_ids = [
            pk
            for pk in SelectedMember.objects.filter(selection=replaces, seated=True).values_list(
                "participant_id", flat=True
            )
            if pk not in dropped and pk in active
        ]
    fixed = [selectors.member_pseudonym(pool.pk, pk) for pk in fixed_ids]
    check = feasibility_check(pool, fixed=fixed, exclude=dropped)
    if not check.ok:
        raise ServiceError(check.messages)
    try:
        with transaction.atomic():
            selection = Selection.objects.create(
                pool=pool,
                algorithm=algorithm,
                seed=seed,
                panel_count=panel_count,
                replaces=replaces,
                created_by=actor,
                progress_text=_("Waiting in the queue"),
            )
    except IntegrityError:
        raise ServiceError(ALREADY_RUNNING) from None
    if fixed_ids:
        selection.fixed_members.set(fixed_ids)
    transaction.on_commit(lambda: _enqueue(selection.pk))
    return selection


def _enqueue(selection_id: int) -> None:
    tasks.run_selection.enqueue(selection_id)


def selections_fail_stale(*, pool: Pool | None = None) -> int:
    """Mark running selections without a sign of life for SELECTION_STALE_MINUTES as failed (their worker
    stopped), so the pool can be drawn again. Returns how many. Called when the pool or the selection is
    opened, before a start, and by ``manage.py selections_fail_stale``."""
    minutes = settings.SELECTION_STALE_MINUTES
    now = timezone.now()
    cutoff = now - dt.timedelta(minutes=minutes)
    stale = Selection.objects.filter(status=SelectionStatus.RUNNING).filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )
    if pool is not None:
        stale = stale.filter(pool=pool)
    if not stale.exists():  # the usual case: a read only, no write lock for a page view (SQLite)
        return 0
    with transaction.atomic():
        count = stale.update(
            status=SelectionStatus.FAILED,
            error=str(STOPPED % {"minutes": minutes}),
            progress_text=_("Failed"),
            finished_at=now,
        )
    if count:
        logger.warning("%s selection(s) without a sign of life for %s minutes marked failed", count, minutes)
    return count


def selection_verify(selection: Selection, seed: str | None = None) -> tuple[list[str], bool]:
    """Recompute the draw from the stored, published data. Returns (panel, matches the stored draw)."""
    result = selection.result or {}
    published = result.get("published")
    if not published:
        raise ServiceError(_("This selection has no published data (not finished or failed)."))
    try:
        panel = engine.verify(published, seed if seed is not None else selection.seed)
    except engine.SelectionError as exc:
        raise ServiceError(engine_text.messages(exc)) from exc
    stored = sorted(SelectedMember.objects.filter(selection=selection, seated=True).values_list("pseudonym", flat=True))
    return panel, sorted(panel) == stored and list(panel) == list(result.get("panel", []))


# --- publishing the transparency report -----------------------------------------------------------

#: Data version of the public reports (the public hub page lists them; see ADR 0004).
PUBLIC_REPORTS_VERSION = "panels-public-reports"


def _publication_log(selection: Selection, actor, action: str) -> None:
    """History row plus a processing-log row: the panel's pseudonyms become public (or stop being so)."""
    SelectionPublication.objects.create(selection=selection, action=action, actor=actor)
    processing_log_write(
        actor=actor,
        activity=f"panels.transparency_{'publish' if action == PublicationAction.PUBLISHED else 'withdraw'}",
        purpose="Openbaar verantwoorden van een loting (alleen pseudoniemen en aantallen)",
        operation="write",
        subject_type="participant",
        subject_ids=list(
            SelectedMember.objects.filter(selection=selection, seated=True).values_list("participant_id", flat=True)
        ),
        hub_id=selection.pool.hub_id,
    )
    data_version_bump(PUBLIC_REPORTS_VERSION)


@transaction.atomic
def transparency_publish(*, selection: Selection, actor) -> Selection:
    """Make the report public at a stable address (the code is made once and kept after a withdrawal)."""
    selection = Selection.objects.select_for_update().select_related("pool").get(pk=selection.pk)
    if selection.status != SelectionStatus.DONE:
        raise ServiceError(_("You can only publish the report of a finished selection."))
    if selection.published_at is not None:
        raise ServiceError(_("The report is already public."))
    selection.public_id = selection.public_id or new_public_id()
    selection.published_at = timezone.now()
    selection.published_by = actor if getattr(actor, "is_authenticated", False) else None
    selection.save(update_fields=["public_id", "published_at", "published_by"])
    _publication_log(selection, selection.published_by, PublicationAction.PUBLISHED)
    return selection


@transaction.atomic
def transparency_withdraw(*, selection: Selection, actor) -> Selection:
    """Take the report offline: its public address gives 404 until it is published again."""
    selection = Selection.objects.select_for_update().select_related("pool").get(pk=selection.pk)
    if selection.published_at is None:
        raise ServiceError(_("The report is not public."))
    selection.published_at = None
    selection.published_by = None
    selection.save(update_fields=["published_at", "published_by"])
    _publication_log(
        selection, actor if getattr(actor, "is_authenticated", False) else None, PublicationAction.WITHDRAWN
    )
    return selection


# --- engagements and allowances -------------------------------------------------------------------


def _participant_of_hub(hub, participant_id) -> Participant:
    participant = Participant.objects.filter(hub=hub, pk=participant_id, erased_at__isnull=True).first()
    if participant is None:
        raise ServiceError(_("This person does not belong to this hub."))
    return participant


@transaction.atomic
def engagement_record(
    *, hub, actor, participant_id, invited_on: dt.date, took_part: bool = False, trajectory=None, activity=None
) -> tuple[Engagement, list[str]]:
    """Record an invitation/participation. Returns it and Dutch warnings (e.g. above the yearly cap)."""
    participant = _participant_of_hub(hub, participant_id)
    if trajectory is not None and trajectory.hub_id != hub.pk:
        raise ServiceError(_("This trajectory does not belong to this hub."))
    if activity is not None:
        if activity.trajectory.hub_id != hub.pk:
            raise ServiceError(_("This activity does not belong to this hub."))
        trajectory = trajectory or activity.trajectory
    engagement = Engagement.objects.create(
        participant=participant,
        hub=hub,
        trajectory=trajectory,
        activity=activity,
        invited_on=invited_on,
        took_part=took_part,
    )
    processing_log_write(
        actor=actor,
        activity="panels.engagement_record",
        purpose="Bijhouden wie hoe vaak is uitgenodigd",
        operation="write",
        subject_type="participant",
        subject_ids=[participant.pk],
        hub_id=hub.pk,
    )
    return engagement, engagement_warnings(hub, participant, invited_on)


def engagement_warnings(hub, participant, today: dt.date | None = None) -> list[str]:
    cap = selectors.max_invitations(hub)
    count = selectors.invitations_last_12_months(participant, today)
    if count > cap:
        return [
            _(
                "Note: this person was invited %(count)s times in the last 12 months. "
                "The hub invites nobody more than %(cap)s times per 12 months."
            )
            % {"count": count, "cap": cap}
        ]
    return []


@transaction.atomic
def allowance_record(
    *, hub, actor, participant_id, amount: Decimal, paid_on: dt.date, kind: str, note: str = ""
) -> tuple[Allowance, list[str]]:
    participant = _participant_of_hub(hub, participant_id)
    if amount <= 0:
        raise ServiceError(_("The amount must be more than 0."))
    allowance = Allowance.objects.create(
        participant=participant,
        hub=hub,
        amount=amount,
        paid_on=paid_on,
        kind=kind,
        note=note,
        recorded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    processing_log_write(
        actor=actor,
        activity="panels.allowance_record",
        purpose="Bijhouden van vergoedingen",
        operation="write",
        subject_type="participant",
        subject_ids=[participant.pk],
        hub_id=hub.pk,
    )
    return allowance, allowance_warnings(participant, paid_on.year)


def allowance_warnings(participant, year: int) -> list[str]:
    status = selectors.allowance_status(participant, year)
    total = status["total"]
    if status["level"] == "unknown":
        return [
            _(
                "No maximum volunteer allowance has been set for %(year)s. Ask the administrator to set it. "
                "This person received € %(total)s in total in %(year)s."
            )
            % {"year": year, "total": f"{total:.2f}"}
        ]
    limit = status["limit"].yearly_maximum
    if status["level"] == "over":
        return [
            _(
                "Note: this person already received € %(total)s in %(year)s. That is more than the tax-free "
                "volunteer allowance of € %(limit)s per year."
            )
            % {"year": year, "total": f"{total:.2f}", "limit": f"{limit:.2f}"}
        ]
    if status["level"] == "near":
        return [
            _(
                "Note: this person already received € %(total)s in %(year)s. That is almost the tax-free "
                "volunteer allowance of € %(limit)s per year."
            )
            % {"year": year, "total": f"{total:.2f}", "limit": f"{limit:.2f}"}
        ]
    return []
