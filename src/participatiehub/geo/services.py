"""Writes to the reference geography: the importer and the hand-kept IZA/AZWA regions.

The importer reads everything first, checks it all, and only then writes, in one transaction: a
bad file changes nothing and the error names the file and the row or object.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .constants import IMPORTED_LAYERS, MUNICIPALITY, Layer
from .models import Municipality, Region, RegionMembership
from .parsers import (
    Area,
    GeoJsonLayer,
    MembershipTable,
    MunicipalityTable,
    Problems,
    RegionDataError,
    RegionTable,
    file_error,
    parse_csv,
    parse_geojson,
)
from .svgmap import geometry_to_path

MIN_YEAR, MAX_YEAR = 1990, 2100
CODE_MAX_LENGTH = 16

__all__ = [
    "RegionDataError",
    "ImportSummary",
    "regions_import",
    "iza_region_check",
    "iza_region_create",
    "region_members_check",
    "region_members_set",
    "svg_paths_rebuild",
]


# --- results -----------------------------------------------------------------------------------


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class MembershipCounts:
    created: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0


@dataclass
class ImportSummary:
    year: int
    files: list[str] = field(default_factory=list)
    municipalities: Counts = field(default_factory=Counts)
    regions: Counts = field(default_factory=Counts)
    memberships: dict[str, MembershipCounts] = field(default_factory=dict)

    def lines(self) -> list[str]:
        """A short translated summary, one line per kind of record."""
        lines = [_("Read: %(files)s.") % {"files": ", ".join(self.files)}]
        lines.append(
            _("Municipalities: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.")
            % vars(self.municipalities)
        )
        lines.append(_("Regions: %(created)s new, %(updated)s updated, %(unchanged)s unchanged.") % vars(self.regions))
        for layer, counts in self.memberships.items():
            lines.append(
                _(
                    "Memberships %(layer)s %(year)s: %(created)s new, %(changed)s changed, "
                    "%(removed)s removed, %(unchanged)s unchanged."
                )
                % {"layer": Layer(layer).label, "year": self.year, **vars(counts)}
            )
        return lines


# --- reading -----------------------------------------------------------------------------------


@dataclass
class Sources:
    files: list[str] = field(default_factory=list)
    municipality_table: MunicipalityTable | None = None
    region_table: RegionTable | None = None
    membership_table: MembershipTable | None = None
    geojson: dict[str, GeoJsonLayer] = field(default_factory=dict)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise file_error(path.name, _("the file cannot be read (%(error)s).") % {"error": exc.strerror}) from exc


def read_sources(path: Path) -> Sources:
    """Parse a folder (every .csv and .geojson in it) or a single .csv or .geojson file."""
    path = Path(path)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".geojson", ".json"))
        if not files:
            raise file_error(str(path), _("no files to import here (expected .csv or .geojson files)."))
    elif path.is_file():
        if path.suffix.lower() not in (".csv", ".geojson", ".json"):
            raise file_error(str(path), _("expected a folder, a .csv file or a .geojson file."))
        files = [path]
    else:
        raise file_error(str(path), _("this file or folder does not exist."))

    sources = Sources()
    problems = Problems()
    seen: dict[str, str] = {}
    for file in files:
        data = _read(file)
        try:
            if file.suffix.lower() == ".csv":
                table = parse_csv(data, filename=file.name)
                kind = type(table).__name__
                if isinstance(table, MunicipalityTable):
                    sources.municipality_table = table
                elif isinstance(table, RegionTable):
                    sources.region_table = table
                else:
                    sources.membership_table = table
            else:
                layer = parse_geojson(data, filename=file.name)
                kind = layer.kind
                sources.geojson[kind] = layer
        except RegionDataError as exc:
            for error in exc.errors:
                problems.add(error)
            continue
        if kind in seen:
            problems.in_file(
                file.name,
                _("holds the same kind of data as %(other)s; give it only once.") % {"other": seen[kind]},
            )
        seen[kind] = file.name
        sources.files.append(file.name)
    problems.raise_if_any()
    return sources


# --- planning (pure) ---------------------------------------------------------------------------


@dataclass
class Plan:
    #: code → the fields the sources supply
    municipalities: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: (layer, code) → the fields the sources supply
    regions: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    #: layer → {municipality code: region code}
    memberships: dict[str, dict[str, str]] = field(default_factory=dict)
    #: (layer, municipality code) → (file, row) for memberships.csv, checked against the database
    membership_rows: dict[tuple[str, str], tuple[str, int]] = field(default_factory=dict)


def _fields_of(area: Area) -> dict[str, Any]:
    supplied: dict[str, Any] = {"name": area.name}
    if area.lat is not None and area.lon is not None:
        supplied.update(lat=area.lat, lon=area.lon)
    return supplied


def _table_listing(kind: str, table: MunicipalityTable | None, regions_table: RegionTable | None) -> str | None:
    """The file that lists every area of ``kind`` in this import, if any."""
    if kind == MUNICIPALITY:
        return table.filename if table else None
    if regions_table and any(layer == kind for layer, _code in regions_table.regions):
        return regions_table.filename
    if table and kind in table.memberships:
        return table.filename
    return None


def plan_import(sources: Sources) -> Plan:
    """Combine the sources into the records to write; conflicts between files are problems."""
    plan = Plan()
    problems = Problems()
    table = sources.municipality_table
    regions_table = sources.region_table

    if table:
        for code, area in table.municipalities.items():
            plan.municipalities[code] = _fields_of(area)
        for key, area in table.regions.items():
            plan.regions[key] = _fields_of(area)
        plan.memberships.update(table.memberships)

    if regions_table:
        for key, area in regions_table.regions.items():
            known = plan.regions.get(key)
            if known and known["name"] != area.name:
                problems.in_row(
                    regions_table.filename,
                    regions_table.rows[key],
                    _("region %(code)s is called '%(name)s' here but '%(other)s' in %(other_file)s.")
                    % {"code": key[1], "name": area.name, "other": known["name"], "other_file": table.filename},
                )
            plan.regions[key] = {**(known or {}), **_fields_of(area)}
        if table:
            for key in table.regions:
                if key[0] in {layer for layer, _code in regions_table.regions} and key not in regions_table.regions:
                    problems.in_row(
                        table.filename,
                        table.rows[key],
                        _("region %(code)s is not in %(other_file)s.")
                        % {"code": key[1], "other_file": regions_table.filename},
                    )
            for key, expected in regions_table.counts.items():
                if key[0] not in table.memberships:
                    continue
                found = sum(1 for code in table.memberships[key[0]].values() if code == key[1])
                if found != expected:
                    problems.in_row(
                        regions_table.filename,
                        regions_table.rows[key],
                        _(
                            "region %(code)s should have %(expected)s municipalities, "
                            "but %(found)s in %(other_file)s belong to it."
                        )
                        % {"code": key[1], "expected": expected, "found": found, "other_file": table.filename},
                    )

    tabled_layers = {layer for layer, _code in plan.regions}
    for kind, layer_file in sources.geojson.items():
        for code, feature in layer_file.features.items():
            key = (kind, code)
            target = plan.municipalities if kind == MUNICIPALITY else plan.regions
            target_key: Any = code if kind == MUNICIPALITY else key
            known = target.get(target_key)
            listed_in = _table_listing(kind, table, regions_table) if kind in tabled_layers | {MUNICIPALITY} else None
            if listed_in and known is None:
                problems.in_object(
                    layer_file.filename,
                    feature.number,
                    _("%(code)s is not in %(other_file)s.") % {"code": code, "other_file": listed_in},
                )
                continue
            if known and known["name"] != feature.name:
                problems.in_object(
                    layer_file.filename,
                    feature.number,
                    _("%(code)s is called '%(name)s' here but '%(other)s' in %(other_file)s.")
                    % {"code": code, "name": feature.name, "other": known["name"], "other_file": listed_in},
                )
                continue
            target[target_key] = {
                **(known or {}),
                "name": feature.name,
                "geometry": feature.geometry,
                "svg_path": geometry_to_path(feature.geometry),
            }

    memberships = sources.membership_table
    if memberships:
        for layer, members in memberships.memberships.items():
            if layer in plan.memberships:
                problems.in_file(
                    memberships.filename,
                    _("layer %(layer)s is also given in %(other_file)s; give each layer in one file only.")
                    % {"layer": layer, "other_file": table.filename if table else "?"},
                )
                continue
            plan.memberships[layer] = dict(members)
            for gm_code in members:
                plan.membership_rows[(layer, gm_code)] = (memberships.filename, memberships.rows[(layer, gm_code)])
    problems.raise_if_any()
    return plan


# --- writing -----------------------------------------------------------------------------------

AREA_FIELDS = ("name", "lat", "lon", "geometry", "svg_path")


def _apply(obj: Any, supplied: dict[str, Any]) -> bool:
    changed = False
    for name, value in supplied.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def _upsert_municipalities(plan: Plan, counts: Counts) -> dict[str, int]:
    existing = {m.code: m for m in Municipality.objects.filter(code__in=list(plan.municipalities))}
    new, changed = [], []
    for code, supplied in plan.municipalities.items():
        obj = existing.get(code)
        if obj is None:
            new.append(Municipality(code=code, **supplied))
        elif _apply(obj, supplied):
            changed.append(obj)
        else:
            counts.unchanged += 1
    Municipality.objects.bulk_create(new, batch_size=500)
    Municipality.objects.bulk_update(changed, AREA_FIELDS, batch_size=500)
    counts.created, counts.updated = len(new), len(changed)
    return {
        code: pk
        for code, pk in Municipality.objects.filter(code__in=list(plan.municipalities)).values_list("code", "id")
    }


def _upsert_regions(plan: Plan, counts: Counts) -> None:
    layers = {layer for layer, _code in plan.regions}
    existing = {(r.layer, r.code): r for r in Region.objects.filter(layer__in=layers)}
    new, changed = [], []
    for (layer, code), supplied in plan.regions.items():
        obj = existing.get((layer, code))
        if obj is None:
            new.append(Region(layer=layer, code=code, **supplied))
        elif _apply(obj, supplied):
            changed.append(obj)
        else:
            counts.unchanged += 1
    Region.objects.bulk_create(new, batch_size=500)
    Region.objects.bulk_update(changed, AREA_FIELDS, batch_size=500)
    counts.created, counts.updated = len(new), len(changed)


def _replace_memberships(*, layer: str, year: int, wanted: dict[int, int]) -> MembershipCounts:
    """Make the memberships of a layer in a year exactly ``wanted`` (municipality id → region id)."""
    counts = MembershipCounts()
    current = {m.municipality_id: m for m in RegionMembership.objects.filter(layer=layer, year=year)}
    removed = [m.pk for municipality_id, m in current.items() if municipality_id not in wanted]
    changed = []
    new = []
    for municipality_id, region_id in wanted.items():
        membership = current.get(municipality_id)
        if membership is None:
            new.append(RegionMembership(municipality_id=municipality_id, region_id=region_id, layer=layer, year=year))
        elif membership.region_id != region_id:
            membership.region_id = region_id
            changed.append(membership)
        else:
            counts.unchanged += 1
    RegionMembership.objects.filter(pk__in=removed).delete()
    RegionMembership.objects.bulk_update(changed, ["region"], batch_size=500)
    RegionMembership.objects.bulk_create(new, batch_size=500)
    counts.created, counts.changed, counts.removed = len(new), len(changed), len(removed)
    return counts


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise RegionDataError([_("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR}])


def regions_import(*, path: Path | str | None = None, year: int = 2025, dry_run: bool = False) -> ImportSummary:
    """Import municipalities, regions, boundaries and the memberships of ``year`` from ``path``.

    ``path`` is a folder (default ``settings.PH_REGIONS_DIR``, the shipped CBS files) or one .csv/.geojson file. Records
    are matched on their code and updated in place; for every layer the sources give memberships
    for, the memberships of that year become exactly those. Raises :class:`RegionDataError` and
    changes nothing when anything is wrong. With ``dry_run`` everything is checked and counted,
    then rolled back.
    """
    _check_year(year)
    sources = read_sources(Path(path) if path else Path(settings.PH_REGIONS_DIR))
    plan = plan_import(sources)
    summary = ImportSummary(year=year, files=sources.files)
    with transaction.atomic():
        _check_membership_references(plan)
        ids = _upsert_municipalities(plan, summary.municipalities)
        _upsert_regions(plan, summary.regions)
        if plan.memberships:
            needed_ids = {code for members in plan.memberships.values() for code in members} - set(ids)
            ids.update(Municipality.objects.filter(code__in=list(needed_ids)).values_list("code", "id"))
            regions = {
                (layer, code): pk
                for layer, code, pk in Region.objects.filter(layer__in=list(plan.memberships)).values_list(
                    "layer", "code", "id"
                )
            }
            for layer, members in plan.memberships.items():
                wanted = {ids[gm_code]: regions[(layer, region_code)] for gm_code, region_code in members.items()}
                summary.memberships[layer] = _replace_memberships(layer=layer, year=year, wanted=wanted)
        if dry_run:
            transaction.set_rollback(True)
    if not dry_run:
        geo_version_bump()
    return summary


def _check_membership_references(plan: Plan) -> None:
    """memberships.csv may name municipalities and regions that are only in the database."""
    if not plan.membership_rows:
        return
    problems = Problems()
    codes = {gm_code for _layer, gm_code in plan.membership_rows} - set(plan.municipalities)
    known = set(Municipality.objects.filter(code__in=list(codes)).values_list("code", flat=True)) | set(
        plan.municipalities
    )
    layers = {layer for layer, _gm in plan.membership_rows}
    regions = set(Region.objects.filter(layer__in=list(layers)).values_list("layer", "code")) | set(plan.regions)
    for (layer, gm_code), (filename, row) in sorted(plan.membership_rows.items(), key=lambda item: item[1][1]):
        if gm_code not in known:
            problems.in_row(filename, row, _("municipality %(code)s is unknown.") % {"code": gm_code})
        region_code = plan.memberships[layer][gm_code]
        if (layer, region_code) not in regions:
            problems.in_row(
                filename,
                row,
                _("region %(code)s (%(layer)s) is unknown.") % {"code": region_code, "layer": Layer(layer).label},
            )
    problems.raise_if_any()


def svg_paths_rebuild() -> int:
    """Recompute every stored map outline from its boundary (after the projection changed)."""
    count = 0
    with transaction.atomic():
        for model in (Municipality, Region):
            objects = list(model.objects.exclude(geometry=None).only("id", "geometry", "svg_path"))
            for obj in objects:
                obj.svg_path = geometry_to_path(obj.geometry)
            model.objects.bulk_update(objects, ["svg_path"], batch_size=500)
            count += len(objects)
    return count


# --- hand-kept IZA/AZWA regions ----------------------------------------------------------------


def iza_region_check(*, code: str, name: str, region: Region | None = None) -> dict[str, str]:
    """Problems with the code and name of a hand-kept IZA/AZWA region, by field (translated)."""
    code, name = code.strip(), name.strip()
    errors: dict[str, str] = {}
    if not code or len(code) > CODE_MAX_LENGTH or not all(c.isascii() and (c.isalnum() or c in "-_") for c in code):
        errors["code"] = _("Give a code of at most %(max)s letters, digits or dashes.") % {"max": CODE_MAX_LENGTH}
    else:
        others = Region.objects.filter(layer=Layer.IZA, code=code)
        if region is not None and region.pk:
            others = others.exclude(pk=region.pk)
        if others.exists():
            errors["code"] = _("There is already an IZA/AZWA region with code %(code)s.") % {"code": code}
    if not name:
        errors["name"] = _("Give a name.")
    return errors


def iza_region_create(*, code: str, name: str) -> Region:
    """A new IZA/AZWA region, kept by hand (no boundary of its own; its map outline follows its members)."""
    with transaction.atomic():
        errors = iza_region_check(code=code, name=name)
        if errors:
            raise ValidationError(errors)
        return Region.objects.create(layer=Layer.IZA, code=code.strip(), name=name.strip(), maintained_by_hand=True)


def region_members_check(*, region: Region, year: int, municipality_codes: Iterable[str]) -> list[str]:
    """The problems with making ``municipality_codes`` the members of ``region`` in ``year`` (translated)."""
    codes = sorted(set(municipality_codes))
    errors: list[str] = []
    if not region.maintained_by_hand or region.layer in IMPORTED_LAYERS:
        errors.append(
            _("The municipalities of %(region)s come from the CBS files; change them by importing.")
            % {"region": region.name}
        )
        return errors
    if not MIN_YEAR <= year <= MAX_YEAR:
        errors.append(_("The year must be between %(min)s and %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR})
        return errors
    known = set(Municipality.objects.filter(code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        errors.append(_("Unknown municipality codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    taken = RegionMembership.objects.filter(layer=region.layer, year=year, municipality__code__in=codes)
    if region.pk:
        taken = taken.exclude(region_id=region.pk)
    taken = taken.values_list("municipality__name", "region__name").order_by("municipality__name")
    for municipality_name, other_region in taken:
        errors.append(
            _("%(municipality)s already belongs to %(region)s in %(year)s. Remove it there first.")
            % {"municipality": municipality_name, "region": other_region, "year": year}
        )
    return errors


def region_members_set(*, region: Region, year: int, municipality_codes: Iterable[str]) -> MembershipCounts:
    """Make the members of a hand-kept region in ``year`` exactly ``municipality_codes``."""
    codes = sorted(set(municipality_codes))
    with transaction.atomic():
        region = Region.objects.select_for_update().get(pk=region.pk)
        errors = region_members_check(region=region, year=year, municipality_codes=codes)
        if errors:
            raise ValidationError(errors)
        counts = MembershipCounts()
        ids = list(Municipality.objects.filter(code__in=codes).values_list("id", flat=True))
        current = RegionMembership.objects.filter(region=region, year=year)
        removed = current.exclude(municipality_id__in=ids)
        counts.removed = removed.count()
        removed.delete()
        present = set(current.values_list("municipality_id", flat=True))
        new = [
            RegionMembership(region=region, municipality_id=pk, layer=region.layer, year=year)
            for pk in ids
            if pk not in present
        ]
        RegionMembership.objects.bulk_create(new)
        counts.created, counts.unchanged = len(new), len(present)
    geo_version_bump()
    return counts


GEO_VERSION_KEY = "participatiehub:geo-version"


def geo_version() -> int:
    """Changes whenever reference geography is imported; pages that cache maps include it in their key."""
    from django.core.cache import cache

    version = cache.get(GEO_VERSION_KEY)
    if version is None:  # an empty cache: a version from now on, until the next import bumps it
        import time

        cache.add(GEO_VERSION_KEY, time.time_ns(), None)
        version = cache.get(GEO_VERSION_KEY, 0)
    return version


def geo_version_bump() -> None:
    import time

    from django.core.cache import cache

    cache.set(GEO_VERSION_KEY, time.time_ns(), None)
