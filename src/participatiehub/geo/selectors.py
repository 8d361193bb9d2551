"""Reads of the reference geography, each in a fixed number of queries.

Boundaries (``geometry``, large JSON) are never loaded here; maps use the precomputed
``svg_path``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.utils.safestring import SafeString

from .models import Municipality, Region, RegionMembership
from .services import geo_version
from .svgmap import DEFAULT_FILL, MapArea, MapGroup, build_grouped_svg, build_svg, grouped_paths, merge_outline


@dataclass(frozen=True)
class RegionRef:
    id: int
    code: str
    name: str


def _existing_in(year: int | None) -> Q:
    if year is None:
        return Q()
    return (Q(valid_from_year__isnull=True) | Q(valid_from_year__lte=year)) & (
        Q(valid_until_year__isnull=True) | Q(valid_until_year__gte=year)
    )


#: The map's municipalities per (geography version, year), in this process. Reference data that only the
#: region importer changes, and it bumps the version; without a version (an empty cache) nothing is kept.
_MAP_AREAS: dict[tuple[int, int | None], tuple[MapArea, ...]] = {}


def municipalities_for_map(*, year: int | None = None) -> tuple[MapArea, ...]:
    """Code, name and projected outline of every municipality (that exists in ``year``); one query, none
    when this process read them before for the same geography version."""
    version = geo_version()
    found = _MAP_AREAS.get((version, year)) if version else None
    if found is not None:
        return found
    rows = Municipality.objects.filter(_existing_in(year)).order_by("code").values_list("code", "name", "svg_path")
    areas = tuple(MapArea(code=code, name=name, svg_path=svg_path) for code, name, svg_path in rows)
    if version:
        if any(key[0] != version for key in _MAP_AREAS):
            _MAP_AREAS.clear()  # an older version: its areas are of no use any more
        _MAP_AREAS[(version, year)] = areas
    return areas


def regions_for_layer(*, layer: str, year: int | None = None) -> QuerySet[Region]:
    """The regions of a layer, by name, with ``member_count`` in ``year``; with a year, only the
    regions that have members that year. One query."""
    members = Q(memberships__year=year) if year is not None else Q()
    regions = (
        Region.objects.filter(layer=layer)
        .defer("geometry")
        .annotate(member_count=Count("memberships", filter=members))
        .order_by("name", "code")
    )
    if year is not None:
        regions = regions.filter(member_count__gt=0)
    return regions


def region_member_codes(*, layer: str, year: int) -> dict[str, list[str]]:
    """Region code → its municipalities' codes (sorted) in ``year``; one query."""
    result: dict[str, list[str]] = defaultdict(list)
    rows = (
        RegionMembership.objects.filter(layer=layer, year=year)
        .order_by("region__code", "municipality__code")
        .values_list("region__code", "municipality__code")
    )
    for region_code, municipality_code in rows:
        result[region_code].append(municipality_code)
    return dict(result)


def region_outlines(*, layer: str, year: int | None, municipalities: Sequence[MapArea] | None = None) -> list[MapArea]:
    """The outline of each region of a layer for the map; at most three queries.

    A region without a boundary of its own (hand-kept IZA/AZWA regions) gets the merged outline
    of its member municipalities in ``year`` (pass ``municipalities`` from
    :func:`municipalities_for_map` to save a query).
    """
    regions = list(regions_for_layer(layer=layer, year=year).only("code", "name", "svg_path"))
    result: list[MapArea] = []
    missing = [region for region in regions if not region.svg_path]
    members: dict[str, list[str]] = {}
    paths: dict[str, str] = {}
    if missing and year is not None:
        members = region_member_codes(layer=layer, year=year)
        if municipalities is None:
            municipalities = municipalities_for_map(year=year)
        paths = {area.code: area.svg_path for area in municipalities}
    for region in sorted(regions, key=lambda region: region.code):
        svg_path = region.svg_path or merge_outline(paths.get(code, "") for code in members.get(region.code, ()))
        result.append(MapArea(code=region.code, name=region.name, svg_path=svg_path))
    return result


def municipality_region_map(*, layer: str, year: int) -> dict[str, RegionRef]:
    """Municipality code → the region it belongs to in a layer and year; one query."""
    rows = RegionMembership.objects.filter(layer=layer, year=year).values_list(
        "municipality__code", "region_id", "region__code", "region__name"
    )
    return {gm_code: RegionRef(id=pk, code=code, name=name) for gm_code, pk, code, name in rows}


def municipalities_in_region(*, region: Region, year: int) -> QuerySet[Municipality]:
    """The member municipalities of a region in a year, by name; one query."""
    return (
        Municipality.objects.filter(memberships__region=region, memberships__year=year)
        .defer("geometry")
        .order_by("name", "code")
    )


def region_for_municipality(*, municipality: Municipality, layer: str, year: int) -> Region | None:
    """The region of a layer a municipality belongs to in a year; one query."""
    membership = (
        RegionMembership.objects.filter(municipality=municipality, layer=layer, year=year)
        .select_related("region")
        .defer("region__geometry")
        .first()
    )
    return membership.region if membership else None


def membership_years(*, layer: str | None = None) -> list[int]:
    """The years for which memberships are known (of one layer, or any), newest first; one query."""
    rows = RegionMembership.objects.all()
    if layer:
        rows = rows.filter(layer=layer)
    return list(rows.order_by("-year").values_list("year", flat=True).distinct())


def municipalities_by_code(*, codes: Sequence[str]) -> dict[str, Municipality]:
    """Municipalities by code (unknown codes are left out); one query."""
    return {m.code: m for m in Municipality.objects.filter(code__in=list(codes)).defer("geometry")}


def render_map(
    fills: Mapping[str, str],
    labels: Mapping[str, str] | None = None,
    region_layer: str | None = None,
    year: int | None = None,
    title: str = "",
    description: str = "",
    *,
    dom_id: str = "ph-map",
    default_fill: str = DEFAULT_FILL,
) -> SafeString:
    """The map of the Netherlands: every municipality filled with ``fills[code]`` (any SVG paint,
    e.g. ``"#1f77b4"``; ``default_fill`` otherwise), a tooltip "name: ``labels[code]``", and the
    outlines of ``region_layer`` in ``year`` on top. Three queries, whatever the data.

    Regions without a boundary of their own (hand-kept IZA/AZWA regions) are outlined around
    their member municipalities in ``year``.
    """
    municipalities = municipalities_for_map(year=year)
    regions: list[MapArea] = []
    if region_layer:
        regions = region_outlines(layer=region_layer, year=year, municipalities=municipalities)
    return build_svg(
        municipalities=municipalities,
        regions=regions,
        fills=fills,
        labels=labels,
        title=title,
        description=description,
        dom_id=dom_id,
        default_fill=default_fill,
    )


def place_names() -> set[str]:
    """The names of every municipality and region (places stay readable in a redacted text)."""
    names = set(Municipality.objects.order_by().values_list("name", flat=True))
    names.update(Region.objects.order_by().values_list("name", flat=True))
    return names


#: The paths of a group of municipalities per (geography version, year, codes), in this process.
_GROUP_PATHS: dict[tuple[int, int | None, tuple[str, ...]], str] = {}
_GROUP_PATHS_MAX = 4096


def render_grouped_map(
    groups: Sequence[MapGroup],
    *,
    year: int | None = None,
    title: str = "",
    description: str = "",
    dom_id: str = "ph-map",
    default_fill: str = DEFAULT_FILL,
) -> SafeString:
    """The map with municipalities in groups (each group one fill and one tooltip, e.g. a hub's area);
    the municipalities in no group in ``default_fill``. A group's paths are put together once per
    geography version in this process, so a map of the same groups in other colours costs no more
    than its groups; no query when the municipalities were read before (see
    :func:`municipalities_for_map`)."""
    municipalities = municipalities_for_map(year=year)
    version = geo_version()
    if any(key[0] != version for key in _GROUP_PATHS) or len(_GROUP_PATHS) > _GROUP_PATHS_MAX:
        _GROUP_PATHS.clear()

    def paths(codes: tuple[str, ...]) -> str:
        key = (version, year, codes)
        found = _GROUP_PATHS.get(key)
        if found is None:
            found = grouped_paths(municipalities, codes)
            if version:
                _GROUP_PATHS[key] = found
        return found

    grouped = {code for group in groups for code in group.codes}
    rest = tuple(area.code for area in municipalities if area.code not in grouped)
    return build_grouped_svg(
        groups=[(group, paths(group.codes)) for group in groups],
        rest=paths(rest),
        title=title,
        description=description,
        dom_id=dom_id,
        default_fill=default_fill,
    )
