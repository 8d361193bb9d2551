"""Fixtures for the demo and scale-data tests: a few care-office regions with their municipalities."""

from __future__ import annotations

import csv
from pathlib import Path

from django.conf import settings

import pytest

from participatiehub.geo.constants import Layer
from participatiehub.geo.models import Municipality, Region, RegionMembership

#: Small regions plus the showcase region Utrecht (25 municipalities), from the shipped reference data.
REGION_CODES = ("ZK02", "ZK13", "ZK23")
YEAR = 2025


def load_regions_from_csv(folder: Path, codes: tuple[str, ...] | None = None, year: int = YEAR) -> int:
    """Load municipalities with their care-office and GGD regions from the shipped CSV (a subset when ``codes``)."""
    with open(folder / "municipalities.csv", encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if codes is None or r["zk_code"] in codes]
    regions = {}
    for r in rows:
        for layer, code, name in (
            (Layer.ZORGKANTOORREGIO, r["zk_code"], r["zk_name"]),
            (Layer.GGDREGIO, r["ggd_code"], r["ggd_name"]),
        ):
            if (layer, code) not in regions:
                regions[(layer, code)] = Region.objects.get_or_create(layer=layer, code=code, defaults={"name": name})[
                    0
                ]
        municipality, _ = Municipality.objects.get_or_create(
            code=r["gm_code"], defaults={"name": r["name"], "lat": r["lat"], "lon": r["lon"]}
        )
        for layer, code in ((Layer.ZORGKANTOORREGIO, r["zk_code"]), (Layer.GGDREGIO, r["ggd_code"])):
            RegionMembership.objects.get_or_create(
                municipality=municipality, layer=layer, year=year, defaults={"region": regions[(layer, code)]}
            )
    return len(rows)


@pytest.fixture
def regions(db):
    """Care-office regions ZK02, ZK13 and ZK23 from the regions data shipped in the package."""
    load_regions_from_csv(Path(settings.PH_REGIONS_DIR), REGION_CODES)
    return list(Region.objects.filter(layer=Layer.ZORGKANTOORREGIO, code__in=REGION_CODES).order_by("code"))
