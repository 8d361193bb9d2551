"""Read-only queries for pools, quotas, selections, engagements, allowances and representativeness,
and the engine's instance of a pool (``pool_data``).

Nothing here writes. Pages that show pseudonyms only (transparency report, representativeness)
never touch names: they read pseudonyms and aggregates.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

import fairlot as engine

from participatiehub.audit.services import pseudonym
from participatiehub.core.exceptions import ServiceError
from participatiehub.geo.models import Municipality
from participatiehub.participants.constants import (
    AGE_BANDS,
    EDUCATION_LEVELS,
    GENDERS,
    ConsentPurpose,
    StandardAttribute,
)
from participatiehub.participants.models import AttributeDefinition, Consent, HubPanelSettings, Participant

from .constants import SelectionStatus
from .models import (
    Allowance,
    Engagement,
    Pool,
    PoolMember,
    PopulationShare,
    Quota,
    SelectedMember,
    Selection,
    VolunteerAllowanceLimit,
)

#: Share of the yearly volunteer allowance from which a warning is shown.
ALLOWANCE_WARNING_FRACTION = Decimal("0.8")

STANDARD_OPTIONS = {
    StandardAttribute.AGE_BAND.value: AGE_BANDS,
    StandardAttribute.GENDER.value: GENDERS,
    StandardAttribute.EDUCATION.value: EDUCATION_LEVELS,
}


# --- categories and values ------------------------------------------------------------------------


def category_choices(hub) -> list[tuple[str, str]]:
    """Categories a pool may use: the standard ones and the hub's own (not special-category) questions."""
    choices = [(c.value, str(c.label)) for c in StandardAttribute]
    for definition in AttributeDefinition.objects.filter(Q(hub=hub) | Q(hub__isnull=True), special_category=False):
        if definition.key not in {key for key, _label in choices}:
            choices.append((definition.key, definition.label))
    return choices


def category_labels(hub) -> dict[str, str]:
    return dict(category_choices(hub))


def value_labels(hub, categories) -> dict[str, dict[str, str]]:
    """code → label per category (standard options, hub options, municipality names)."""
    labels: dict[str, dict[str, str]] = {}
    definitions = {
        d.key: d for d in AttributeDefinition.objects.filter(Q(hub=hub) | Q(hub__isnull=True), key__in=list(categories))
    }
    for category in categories:
        if category in STANDARD_OPTIONS:
            labels[category] = {code: str(label) for code, label in STANDARD_OPTIONS[category]}
        elif category in definitions:
            labels[category] = {str(pair[0]): str(pair[1]) for pair in definitions[category].options if len(pair) == 2}
        else:
            labels[category] = {}
    if StandardAttribute.MUNICIPALITY.value in categories:
        municipalities = Municipality.objects.filter(hub_coverage__hub=hub).values_list("code", "name").distinct()
        labels[StandardAttribute.MUNICIPALITY.value] = dict(municipalities)
    return labels


def _active_panel_consent(outer: str = "pk"):
    """Active panel consent of the participant the outer query's ``outer`` field points to."""
    return Consent.objects.filter(participant=OuterRef(outer), purpose=ConsentPurpose.PANEL, withdrawn_at__isnull=True)


def eligible_participants(hub):
    """The hub's participants who may be in a pool: not erased, with active consent for the panel."""
    return (
        Participant.objects.filter(hub=hub, erased_at__isnull=True)
        .filter(Exists(_active_panel_consent()))
        .order_by("display_name", "pk")
    )


# --- pools ----------------------------------------------------------------------------------------


def pools_for_hub(hub):
    active = Q(memberships__withdrawn_at__isnull=True)
    return (
        Pool.objects.filter(hub=hub)
        .annotate(
            member_count=Count("memberships", filter=active, distinct=True),
            quota_count=Count("quotas", distinct=True),
            selection_count=Count("selections", distinct=True),
        )
        .order_by("-created_at", "-pk")
    )


def pool_for_hub(hub, pk):
    return Pool.objects.filter(hub=hub, pk=pk).first()


def active_members(pool):
    """Active members of the pool who still consent to the panel (erased people drop out)."""
    return (
        PoolMember.objects.filter(pool=pool, withdrawn_at__isnull=True, participant__erased_at__isnull=True)
        .filter(Exists(_active_panel_consent("participant_id")))
        .select_related("participant")
        .order_by("participant__display_name", "participant_id")
    )


def candidates_for_pool(pool):
    """Eligible participants of the hub who are not (active) members of the pool yet."""
    in_pool = PoolMember.objects.filter(pool=pool, participant=OuterRef("pk"), withdrawn_at__isnull=True)
    return eligible_participants(pool.hub).exclude(Exists(in_pool))


def pool_quotas(pool) -> list[Quota]:
    return list(Quota.objects.filter(pool=pool).order_by("category", "value"))


def pool_shares(pool) -> list[PopulationShare]:
    return list(PopulationShare.objects.filter(pool=pool).order_by("category", "value"))


def known_values(pool, members=None) -> dict[str, list[str]]:
    """All values to offer per pool category: the options, what members answered, existing quotas/shares."""
    members = list(members if members is not None else active_members(pool))
    labels = value_labels(pool.hub, pool.categories)
    values: dict[str, list[str]] = {}
    for category in pool.categories:
        seen = list(labels.get(category, {}).keys())
        for member in members:
            value = str(member.participant.attributes.get(category, "")).strip()
            if value and value not in seen:
                seen.append(value)
        values[category] = seen
    for row in [*pool_quotas(pool), *pool_shares(pool)]:
        if row.category in values and row.value not in values[row.category]:
            values[row.category].append(row.value)
    return values


# --- selections -----------------------------------------------------------------------------------


def selections_for_pool(pool):
    return Selection.objects.filter(pool=pool).order_by("-created_at", "-pk")


def active_selection(pool):
    """The pool's selection that waits or runs (at most one: constraint panels_selection_one_active_per_pool)."""
    return Selection.objects.filter(pool=pool, status__in=[SelectionStatus.QUEUED, SelectionStatus.RUNNING]).first()


def selection_for_hub(hub, pk):
    return Selection.objects.filter(pool__hub=hub, pk=pk).select_related("pool", "replaces").first()


def seated_members(selection):
    return SelectedMember.objects.filter(selection=selection, seated=True).select_related("participant")


def _histogram(probabilities: list[float], bins: int = 10) -> list[dict]:
    if not probabilities:
        return []
    top = max(max(probabilities), 1e-12)
    width = top / bins
    counts = [0] * bins
    for p in probabilities:
        index = min(int(p / width), bins - 1) if width > 0 else 0
        counts[index] += 1
    return [
        {"low": i * width, "high": (i + 1) * width, "count": c, "last": i == bins - 1} for i, c in enumerate(counts)
    ]


def histogram_svg(histogram: list[dict], *, title: str, description: str) -> str:
    """A small bar chart as inline SVG (no styles or scripts; CSP-safe). Always shown next to a table."""
    if not histogram:
        return ""
    width, height, pad = 320, 140, 20
    bar_w = (width - 2 * pad) / len(histogram)
    top = max(b["count"] for b in histogram) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-labelledby="ph-hist-title ph-hist-desc" class="ph-histogram">',
        f'<title id="ph-hist-title">{escape(title)}</title><desc id="ph-hist-desc">{escape(description)}</desc>',
        f'<line x1="{pad}" y1="{height - pad}" x2="{width - pad}" y2="{height - pad}" stroke="#333" stroke-width="1"/>',
    ]
    for i, b in enumerate(histogram):
        h = (height - 2 * pad) * b["count"] / top
        x = pad + i * bar_w + 1
        y = height - pad - h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w - 2:.1f}" height="{h:.1f}" fill="#1f5c99"/>')
        if b["count"]:
            parts.append(
                f'<text x="{x + (bar_w - 2) / 2:.1f}" y="{y - 3:.1f}" font-size="10" text-anchor="middle" '
                f'fill="#000">{b["count"]}</text>'
            )
    parts.append(
        f'<text x="{pad}" y="{height - 5}" font-size="10" fill="#000">0</text>'
        f'<text x="{width - pad}" y="{height - 5}" font-size="10" text-anchor="end" fill="#000">'
        f"{histogram[-1]['high']:.3f}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)


def _composition(categories, attributes_list) -> dict[str, Counter]:
    counts = {c: Counter() for c in categories}
    for attributes in attributes_list:
        for c in categories:
            counts[c][str(attributes.get(c, "")).strip()] += 1
    return counts


def _definitions(hub) -> list[tuple[str, str, bool]]:
    """(key, label, special_category) of the hub's and the general questions."""
    return list(
        AttributeDefinition.objects.filter(Q(hub=hub) | Q(hub__isnull=True)).values_list(
            "key", "label", "special_category"
        )
    )


def public_categories(hub, definitions: list[tuple[str, str, bool]] | None = None) -> set[str]:
    """Categories that may be shown publicly: the standard ones and the hub's own ordinary questions.

    A key that any definition (the hub's or a general one) marks as special-category data (health,
    lived experience) is never public, nor is a key without a definition.
    """
    allowed = {c.value for c in StandardAttribute}
    special = set()
    for key, _label, is_special in definitions if definitions is not None else _definitions(hub):
        (special if is_special else allowed).add(key)
    return allowed - special


def transparency_report(selection, *, public: bool = False) -> dict:
    """What the transparency report shows: aggregates and pseudonyms only, never names.

    ``public=True`` is the version anyone may see: categories that are not public (special-category
    data, see ``public_categories``) are left out altogether. The coordinator's version lists them
    and says that the public version leaves them out.
    """
    pool = selection.pool
    result = selection.result or {}
    definitions = _definitions(pool.hub)
    shown_publicly = public_categories(pool.hub, definitions)
    hidden = [c for c in pool.categories if c not in shown_publicly]
    categories = [c for c in pool.categories if c in shown_publicly] if public else list(pool.categories)
    members = list(SelectedMember.objects.filter(selection=selection).values_list("pseudonym", "probability", "seated"))
    attributes = result.get("attributes", {})  # pseudonym → {category: value}, stored at run time
    pool_counts = _composition(categories, attributes.values())
    panel_pseudonyms = sorted(p for p, _prob, seated in members if seated)
    panel_counts = _composition(categories, [attributes.get(p, {}) for p in panel_pseudonyms])
    shares = {(s.category, s.value): s.share for s in pool_shares(pool)}
    quotas = {(q["category"], q["value"]): q for q in result.get("quotas", [])}
    labels = value_labels(pool.hub, categories)
    cat_labels = category_labels(pool.hub)
    for key, label, _special in definitions:  # also the questions a pool may no longer choose
        cat_labels.setdefault(key, label)
    pool_size = len(attributes)
    panel_size = len(panel_pseudonyms)
    tables = []
    for c in categories:
        values = sorted(
            set(pool_counts[c]) | {v for (cc, v) in shares if cc == c} | {v for (cc, v) in quotas if cc == c}
        )
        rows = []
        for v in values:
            share = shares.get((c, v))
            quota = quotas.get((c, v))
            rows.append(
                {
                    "value": v,
                    "label": labels.get(c, {}).get(v, v) or _("(no answer)"),
                    "pool": pool_counts[c].get(v, 0),
                    "pool_pct": 100 * pool_counts[c].get(v, 0) / pool_size if pool_size else 0,
                    "panel": panel_counts[c].get(v, 0),
                    "panel_pct": 100 * panel_counts[c].get(v, 0) / panel_size if panel_size else 0,
                    "population_pct": float(share) * 100 if share is not None else None,
                    "quota": f"{quota['min']}–{quota['max']}" if quota else "",
                }
            )
        tables.append({"category": c, "label": cat_labels.get(c, c), "rows": rows, "public": c not in hidden})
    probabilities = [p for _pseudo, p, _seated in members]
    histogram = _histogram(probabilities)
    return {
        "public": public,
        "hidden_categories": [] if public else [cat_labels.get(c, c) for c in hidden],
        "selection": selection,
        "pool_size": pool_size,
        "panel_size": panel_size,
        "tables": tables,
        "min_probability": min(probabilities) if probabilities else None,
        "max_probability": max(probabilities) if probabilities else None,
        "histogram": histogram,
        "histogram_svg": histogram_svg(
            histogram,
            title=_("Distribution of the selection chances"),
            description=_("Number of volunteers per range of selection chance; the same numbers are in the table."),
        ),
        "panel": panel_pseudonyms,
        "fixed": sorted(result.get("fixed", [])),
        "seed": selection.seed,
        "panel_count": (result.get("published") or {}).get("m", selection.panel_count),
        "drawn_index": result.get("drawn_index"),
        "fingerprint": (result.get("published") or {}).get("panels_sha256", ""),
        "gini": result.get("gini"),
        "max_deviation": result.get("max_deviation"),
        "precision": _precision(result.get("precision")),
    }


def _precision(stored: dict | None) -> dict | None:
    """Exact; or stopped by the budget with the smallest chance exact; or (a safety cap) not even
    that; or, in runs before engine 1.7, within the tolerance (and after how many minutes)."""
    if not stored:
        return None
    seconds = stored.get("exact_seconds") or 0
    return {
        "exact": bool(stored.get("exact", True)),
        "smallest_exact": bool(stored.get("smallest_exact", True)),
        "smallest_gap": float(stored.get("smallest_gap", 0.0)),
        "max_shortfall": float(stored.get("max_shortfall", 0.0)),
        "tolerance": float(stored.get("tolerance", 0.0)),
        "minutes": whole_minutes(seconds),
    }


def whole_minutes(seconds: float) -> int:
    """Seconds as minutes for the interface, rounded up (300 → 5, 301 → 6)."""
    return math.ceil(seconds / 60)


def published_selection(hub_slug: str, public_id: str):
    """A finished selection whose report is public, found by its hub's slug and public code (or None)."""
    return (
        Selection.objects.filter(
            pool__hub__slug=hub_slug, public_id=public_id, published_at__isnull=False, status=SelectionStatus.DONE
        )
        .select_related("pool__hub")
        .first()
    )


def published_reports(hub) -> list[Selection]:
    """The hub's public transparency reports, newest first (for the public hub page)."""
    return list(
        Selection.objects.filter(pool__hub=hub, published_at__isnull=False, status=SelectionStatus.DONE)
        .select_related("pool")
        .only("id", "public_id", "published_at", "finished_at", "pool__id", "pool__name")
        .order_by("-published_at", "-pk")
    )


# --- engagements and allowances -------------------------------------------------------------------


def max_invitations(hub) -> int:
    settings_row = HubPanelSettings.objects.filter(hub=hub).first()
    return (
        settings_row.max_invitations_per_year
        if settings_row
        else HubPanelSettings._meta.get_field("max_invitations_per_year").default
    )


def invitations_last_12_months(participant, today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=365)
    return Engagement.objects.filter(participant=participant, invited_on__gt=since, invited_on__lte=today).count()


def engagements_for_hub(hub):
    return Engagement.objects.filter(hub=hub).select_related("participant", "trajectory", "activity")[:200]


def allowances_for_hub(hub):
    return Allowance.objects.filter(hub=hub).select_related("participant")[:200]


def allowance_total(participant, year: int) -> Decimal:
    total = Allowance.objects.filter(participant=participant, paid_on__year=year).aggregate(s=Sum("amount"))["s"]
    return total or Decimal("0")


def allowance_limit(year: int):
    return VolunteerAllowanceLimit.objects.filter(year=year).first()


def allowance_status(participant, year: int) -> dict:
    """Total paid in a calendar year against that year's limit: level "ok", "near", "over" or "unknown"."""
    total = allowance_total(participant, year)
    limit = allowance_limit(year)
    if limit is None:
        level = "unknown"
    elif total > limit.yearly_maximum:
        level = "over"
    elif total >= limit.yearly_maximum * ALLOWANCE_WARNING_FRACTION:
        level = "near"
    else:
        level = "ok"
    return {"total": total, "limit": limit, "level": level, "year": year}


# --- representativeness ---------------------------------------------------------------------------


def representativeness(hub) -> dict | None:
    """Pool and panel composition against the population shares, per category, for the hub's latest pool.

    The panel is the one drawn in the pool's latest finished selection (none: panel columns empty).
    Aggregates only. Returns None when the hub has no pool yet.
    """
    pool = (
        Pool.objects.filter(hub=hub)
        .prefetch_related(Prefetch("population_shares", to_attr="shares"))
        .order_by("-created_at", "-pk")
        .first()
    )
    if pool is None:
        return None
    categories = list(pool.categories)
    member_attrs = list(active_members(pool).values_list("participant__attributes", flat=True))
    selection = Selection.objects.filter(pool=pool, status=SelectionStatus.DONE).order_by("-finished_at", "-pk").first()
    panel_attrs: list[dict] = []
    if selection is not None:
        stored = (selection.result or {}).get("attributes", {})
        panel_attrs = [
            stored.get(p, {})
            for p in SelectedMember.objects.filter(selection=selection, seated=True).values_list("pseudonym", flat=True)
        ]
    pool_counts = _composition(categories, member_attrs)
    panel_counts = _composition(categories, panel_attrs)
    shares = {(s.category, s.value): s.share for s in pool.shares}
    labels = value_labels(hub, categories)
    cat_labels = category_labels(hub)
    tables = []
    for c in categories:
        values = sorted(set(pool_counts[c]) | set(panel_counts[c]) | {v for (cc, v) in shares if cc == c})
        rows = []
        for v in values:
            share = shares.get((c, v))
            pool_pct = 100 * pool_counts[c].get(v, 0) / len(member_attrs) if member_attrs else 0
            panel_pct = 100 * panel_counts[c].get(v, 0) / len(panel_attrs) if panel_attrs else None
            rows.append(
                {
                    "label": labels.get(c, {}).get(v, v) or _("(no answer)"),
                    "population_pct": float(share) * 100 if share is not None else None,
                    "pool_pct": pool_pct,
                    "panel_pct": panel_pct,
                    "pool_gap": pool_pct - float(share) * 100 if share is not None else None,
                }
            )
        tables.append({"category": c, "label": cat_labels.get(c, c), "rows": rows})
    return {
        "pool": pool,
        "selection": selection,
        "pool_size": len(member_attrs),
        "panel_size": len(panel_attrs),
        "tables": tables,
    }


# --- the engine's instance of a pool -------------------------------------------------------------


def member_pseudonym(pool_id: int, participant_id: int) -> str:
    """Stable within a pool, unlinkable between pools: 'P-' + 10 hex characters."""
    return "P-" + pseudonym(f"panels.pool.{pool_id}", participant_id)[:10].upper()


@dataclass
class PoolData:
    instance: engine.Instance
    participant_of: dict[str, int]  # pseudonym → participant id
    attributes: dict[str, dict[str, str]]  # pseudonym → {category: value}
    quotas: list[dict] = field(default_factory=list)


def pool_data(pool: Pool, *, names: bool = True, exclude: Iterable[int] = ()) -> PoolData:
    """The engine's instance of the pool. Its messages use the labels the coordinator sees and, with
    ``names``, the people's names as in the pool list (a selection run stores its error without them).
    ``exclude``: participant ids left out of the draw (those who dropped out, in a replacement round)."""
    excluded = set(exclude)
    members = [m for m in active_members(pool) if m.participant_id not in excluded]
    people: dict[str, dict[str, str]] = {}
    participant_of: dict[str, int] = {}
    households: dict[str, str] = {}
    shown: dict[str, str] = {}
    for member in members:
        participant = member.participant
        code = member_pseudonym(pool.pk, participant.pk)
        if code in people:  # pragma: no cover - 40 bits; practically never
            raise ServiceError(_("Two volunteers got the same pseudonym. Try again."))
        people[code] = {c: str(participant.attributes.get(c, "")).strip() for c in pool.categories}
        participant_of[code] = participant.pk
        if names:
            shown[code] = str(participant)
        if pool.one_per_household and participant.household_code.strip():
            households[code] = participant.household_code.strip()
    quotas = pool_quotas(pool)
    instance = engine.Instance(
        people=people,
        quotas=[engine.Quota(q.category, q.value, q.minimum, q.maximum) for q in quotas],
        panel_size=pool.panel_size,
        households=households if pool.one_per_household else None,
        name=pool.name,
        labels=engine.Labels(
            features=category_labels(pool.hub),
            values=value_labels(pool.hub, pool.categories),
            people=shown,
        ),
    )
    return PoolData(
        instance,
        participant_of,
        people,
        [{"category": q.category, "value": q.value, "min": q.minimum, "max": q.maximum} for q in quotas],
    )
