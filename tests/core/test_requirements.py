"""The requirements files pin the whole tree, name no index or address, and are documented."""

from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

REQUIREMENTS = Path(__file__).resolve().parents[2] / "requirements"
DOCS = Path(__file__).resolve().parents[2] / "docs" / "dependencies.md"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!-]+)$")


def _lines(name: str) -> list[str]:
    return [line.split("#")[0].strip() for line in (REQUIREMENTS / name).read_text().splitlines()]


def _pins(name: str) -> dict[str, str]:
    pins = {}
    for line in filter(None, _lines(name)):
        match = PIN.match(line)
        assert match, f"{name}: not an exact pin of a package by name: {line!r}"
        pins[canonicalize_name(match["name"])] = match["version"]
    return pins


def _top_level(name: str) -> dict[str, Requirement]:
    return {
        canonicalize_name(req.name): req
        for req in (Requirement(line) for line in _lines(name) if line and not line.startswith("-"))
    }


@pytest.mark.parametrize("name", ["base.in", "test.in", "base.txt", "test.txt"])
def test_no_index_url_or_host_in_the_requirements(name):
    text = (REQUIREMENTS / name).read_text().lower()
    for word in ("http", "index-url", "find-links", "trusted-host", "pypi", "git+", "file:"):
        assert word not in text, f"{name} names {word!r}"


@pytest.mark.parametrize("name", ["base", "test"])
def test_the_whole_tree_is_pinned(name):
    """Every package the top-level ones need (with their extras) has an exact pin of its own."""
    pins = _pins(f"{name}.txt")
    todo = [(req, tuple(sorted(req.extras))) for req in _top_level(f"{name}.in").values()]
    if name == "test":
        todo += [(req, tuple(sorted(req.extras))) for req in _top_level("base.in").values()]
    seen = set()
    while todo:
        req, extras = todo.pop()
        key = canonicalize_name(req.name)
        if (key, extras) in seen:
            continue
        seen.add((key, extras))
        assert key in pins, f"{req.name} (needed in {name}) is not pinned in {name}.txt"
        try:
            dist = distribution(key)
        except PackageNotFoundError:
            pytest.fail(f"{req.name} is pinned but not installed: run make setup")
        assert dist.version == pins[key], f"{req.name}: installed {dist.version}, pinned {pins[key]}"
        for sub in map(Requirement, dist.requires or []):
            environments = [{"extra": extra} for extra in extras] or [{"extra": ""}]
            if sub.marker is None or any(sub.marker.evaluate(env) for env in environments):
                todo.append((sub, tuple(sorted(sub.extras))))
    assert set(_pins("base.txt").items()) <= set(_pins("test.txt").items()), "test.txt moved a runtime pin"


def test_top_level_pins_match_the_compiled_files():
    for name in ("base", "test"):
        pins = _pins(f"{name}.txt")
        for key, req in _top_level(f"{name}.in").items():
            for spec in req.specifier:
                assert spec.operator == "==", f"{name}.in: {req} is not pinned exactly"
                assert pins[key] == spec.version, f"{name}.txt has {key}=={pins[key]}, {name}.in says {spec}"


def test_one_qr_library_and_the_shared_cache_client():
    pins = _pins("base.txt")
    assert "segno" not in pins, "qrcode comes with allauth[mfa]; a second QR library is not needed"
    assert "qrcode" in pins
    assert pins.get("redis") == "8.1.0", "REDIS_URL needs the redis package"


def test_every_top_level_package_is_documented_with_its_licence():
    assert "docs/dependencies.md" in (REQUIREMENTS / "base.txt").read_text()
    docs = DOCS.read_text()
    rows = {
        canonicalize_name(row.split("|")[1].strip().split("[")[0]): row
        for row in docs.splitlines()
        if row.startswith("| ") and row.count("|") == 5
    }
    for name in ("base.in", "test.in"):
        for key, req in _top_level(name).items():
            assert key in rows, f"{req.name} ({name}) has no row in docs/dependencies.md"
            version, purpose, licence = (cell.strip() for cell in rows[key].split("|")[2:5])
            assert version == str(req.specifier).removeprefix("=="), f"docs/dependencies.md: {req.name} {version}"
            assert purpose and licence, f"docs/dependencies.md: {req.name} needs a purpose and a licence"
