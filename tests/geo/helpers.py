"""Small helpers for the geo tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from participatiehub.geo.models import Municipality, Region, RegionMembership


def snapshot() -> dict[str, Any]:
    """Everything the importer may touch, to prove that a failed import changed nothing."""
    return {
        "municipalities": sorted(Municipality.objects.values_list("code", "name", "lat", "lon", "svg_path")),
        "regions": sorted(Region.objects.values_list("layer", "code", "name", "svg_path")),
        "memberships": sorted(
            RegionMembership.objects.values_list("layer", "year", "municipality__code", "region__code")
        ),
    }


def edit_text(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def read_json(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def write_json(path: Path, document: Any) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def square(lon: float, lat: float, size: float = 0.05) -> dict[str, Any]:
    return {
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]],
    }


def feature_collection(*features: tuple[dict[str, Any], dict[str, Any] | None], crs: str | None = None) -> dict:
    document: dict[str, Any] = {
        "type": "FeatureCollection",
        "features": [{"type": "Feature", "properties": props, "geometry": geom} for props, geom in features],
    }
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return document
