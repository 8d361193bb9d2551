"""Reads for hubs: the national overview, hub pages and history, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from participatiehub.geo.models import Municipality

from .constants import STATUS_ORDER, HubStatus
from .models import CoalitionMember, DesignChoices, Hub, HubMunicipality, HubStatusChange


def _active_on(date: dt.date) -> Q:
    return Q(valid_from__lte=date) & (Q(valid_until__isnull=True) | Q(valid_until__gte=date))


def _coverage_active(date: dt.date) -> Q:
    """The same condition as _active_on, seen from the hub (through ``coverage``)."""
    return Q(coverage__valid_from__lte=date) & (
        Q(coverage__valid_until__isnull=True) | Q(coverage__valid_until__gte=date)
    )


def coverage_on(date: dt.date | None = None) -> QuerySet[HubMunicipality]:
    date = date or timezone.localdate()
    return HubMunicipality.objects.filter(_active_on(date))


@dataclass
class MunicipalityCoverage:
    code: str
    name: str
    hubs: list[Hub] = field(default_factory=list)

    @property
    def hub(self) -> Hub | None:
        return self.hubs[0] if self.hubs else None

    @property
    def overlap(self) -> bool:
        return len(self.hubs) > 1


@dataclass
class NationalOverview:
    date: dt.date
    hubs: list[Hub]
    status_counts: list[tuple[str, str, int]]  # (status, label, count), in STATUS_ORDER
    municipalities: list[MunicipalityCoverage]

    @property
    def covered(self) -> list[MunicipalityCoverage]:
        return [m for m in self.municipalities if m.hubs]

    @property
    def uncovered(self) -> list[MunicipalityCoverage]:
        return [m for m in self.municipalities if not m.hubs]

    @property
    def overlaps(self) -> list[MunicipalityCoverage]:
        return [m for m in self.municipalities if m.overlap]

    @property
    def coverage_share(self) -> float:
        total = len(self.municipalities)
        return len(self.covered) / total if total else 0.0


def national_overview(date: dt.date | None = None) -> NationalOverview:
    """Which hub covers which municipality on ``date``; three queries whatever the data size."""
    date = date or timezone.localdate()
    hubs = list(
        Hub.objects.annotate(municipality_count=Count("coverage", filter=_coverage_active(date))).order_by("name")
    )
    by_id = {h.pk: h for h in hubs}
    hubs_by_municipality: dict[int, list[Hub]] = defaultdict(list)
    for municipality_id, hub_id in coverage_on(date).values_list("municipality_id", "hub_id"):
        hubs_by_municipality[municipality_id].append(by_id[hub_id])
    municipalities = [
        MunicipalityCoverage(code=code, name=name, hubs=sorted(hubs_by_municipality.get(pk, []), key=_status_rank))
        for pk, code, name in Municipality.objects.order_by("name").values_list("pk", "code", "name")
    ]
    counts = Counter(h.status for h in hubs)
    status_counts = [(s.value, s.label, counts.get(s.value, 0)) for s in STATUS_ORDER]
    return NationalOverview(date=date, hubs=hubs, status_counts=status_counts, municipalities=municipalities)


def overview_signature() -> str:
    """Changes whenever a hub, its status or its area changes (the services all touch updated_at)."""
    from django.db.models import Max

    row = Hub.objects.aggregate(latest=Max("updated_at"), n=Count("id"))
    latest = row["latest"].timestamp() if row["latest"] else 0
    return f"{row['n']}:{latest}"


def _status_rank(hub: Hub) -> int:
    """Active hubs before stopped ones, most developed first: the map colours by the first."""
    order = [
        HubStatus.OPERATIONAL,
        HubStatus.DEVELOPING,
        HubStatus.FORMING_COALITION,
        HubStatus.PREPARING,
        HubStatus.STOPPED,
    ]
    return order.index(hub.status)


def hubs_list(*, status: str | None = None, q: str | None = None) -> QuerySet[Hub]:
    today = timezone.localdate()
    qs = (
        Hub.objects.annotate(municipality_count=Count("coverage", filter=_coverage_active(today)))
        .select_related("follows_region")
        .defer("follows_region__geometry", "follows_region__svg_path")
    )
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(coverage__municipality__name__icontains=q)).distinct()
    return qs.order_by("name")


def hub_for_public_page(slug: str) -> Hub:
    """A hub with everything its public page shows, prefetched."""
    today = timezone.localdate()
    return (
        Hub.objects.select_related("follows_region")
        .defer("follows_region__geometry", "follows_region__svg_path")
        .prefetch_related(
            Prefetch(
                "coverage",
                queryset=HubMunicipality.objects.filter(_active_on(today))
                .select_related("municipality")
                .only(
                    "id",
                    "hub_id",
                    "valid_from",
                    "valid_until",
                    "municipality__id",
                    "municipality__name",
                    "municipality__code",
                )
                .order_by("municipality__name"),
                to_attr="current_coverage",
            ),
            Prefetch(
                "coalition",
                queryset=CoalitionMember.objects.select_related("organisation"),
                to_attr="coalition_members",
            ),
            Prefetch(
                "design_versions",
                queryset=DesignChoices.objects.order_by("-valid_from", "-id"),
                to_attr="design_history",
            ),
            Prefetch(
                "status_changes",
                queryset=HubStatusChange.objects.select_related("changed_by").order_by("-changed_at", "-id"),
                to_attr="status_history",
            ),
        )
        .get(slug=slug)
    )


def current_design(hub: Hub) -> DesignChoices | None:
    history = getattr(hub, "design_history", None)
    if history is not None:
        today = timezone.localdate()
        return next((d for d in history if d.valid_from <= today), history[-1] if history else None)
    return hub.design_versions.filter(valid_from__lte=timezone.localdate()).order_by("-valid_from", "-id").first()


def hub_for_user_or_403(user, slug: str, perm: str) -> Hub:
    """The hub with ``slug`` if ``user`` has ``perm`` on it. No such hub: 404; no right: 403
    (PermissionDenied). Every hub page of every app starts here."""
    hub = get_object_or_404(Hub, slug=slug)
    if not user.has_perm(perm, hub):
        raise PermissionDenied
    return hub


def hubs_for_user(user) -> QuerySet[Hub]:
    from participatiehub.accounts.selectors import roles_for_user

    roles = roles_for_user(user)
    if roles.is_programme_office:
        return Hub.objects.all()
    return Hub.objects.filter(pk__in=roles.hub_ids)


def coverage_overlaps(date: dt.date | None = None) -> dict[str, list[str]]:
    """Municipality name → names of the hubs that cover it, where more than one hub does."""
    date = date or timezone.localdate()
    rows = (
        coverage_on(date)
        .values("municipality_id")
        .annotate(n=Count("hub", distinct=True))
        .filter(n__gt=1)
        .values_list("municipality_id", flat=True)
    )
    result: dict[str, list[str]] = defaultdict(list)
    for name, hub in (
        coverage_on(date)
        .filter(municipality_id__in=list(rows))
        .values_list("municipality__name", "hub__name")
        .order_by("municipality__name", "hub__name")
    ):
        result[name].append(hub)
    return dict(result)


def coalition_summary() -> dict[int, dict[str, int]]:
    """Hub id → number of coalition members and whether a lead is chosen; one query."""
    rows = (
        CoalitionMember.objects.values("hub_id")
        .order_by()
        .annotate(members=Count("id"), leads=Count("id", filter=Q(is_lead=True)))
    )
    return {row["hub_id"]: {"members": row["members"], "leads": row["leads"]} for row in rows}


def hub_names_and_contacts() -> list[tuple[str, str, str, str]]:
    """Each hub's name and its contact point's name, e-mail and phone (for the redaction)."""
    return list(Hub.objects.order_by().values_list("name", "contact_name", "contact_email", "contact_phone"))
