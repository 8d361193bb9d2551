"""The public, verifiable final draw.

Procedure (documented so anyone can redo it by hand or in any language):

1. Before the draw, the hub publishes the m panels (JSON: ``"panels"``, a list of m lists of
   person ids, numbered 0..m-1 in that order) and their fingerprint ``"panels_sha256"`` = SHA-256
   (hex) of the canonical JSON text of the list of panels (``json.dumps(panels,
   separators=(",", ":"), ensure_ascii=False)``, UTF-8).
2. A seed is announced in advance (e.g. the numbers of a public lottery). It is written as text:
   an integer in plain decimal notation, a string as is (surrounding spaces removed).
3. index = int(SHA-256(seed text as UTF-8), read as a big-endian unsigned number) mod m.
   The panel with that number is selected. No pseudo-random generator is involved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from .errors import SelectionError
from .messages import Issue

#: The ``format`` of published data. The name dates from before the engine was a package of its own;
#: lotteries have been published under it, so it stays (``verify`` accepts every name in FORMATS).
FORMAT = "participatiehub-selection/1"
FORMATS = (FORMAT,)


def seed_text(seed: int | str) -> str:
    if isinstance(seed, bool):
        raise SelectionError([Issue("draw.seed_invalid")])
    if isinstance(seed, int):
        return str(seed)
    return str(seed).strip()


def seed_to_index(seed: int | str, m: int) -> int:
    if m <= 0:
        raise SelectionError([Issue("draw.no_panels")])
    digest = hashlib.sha256(seed_text(seed).encode("utf-8")).digest()
    return int.from_bytes(digest, "big") % m


def panels_fingerprint(panels: list[list[str]]) -> str:
    text = json.dumps([list(map(str, p)) for p in panels], separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def publish(panels: list[list[str]], **meta: Any) -> dict:
    """The data to publish before the seed is known."""
    panels = [list(map(str, p)) for p in panels]
    data = {"format": FORMAT, "m": len(panels), "panels": panels, "panels_sha256": panels_fingerprint(panels)}
    data.update(meta)
    return data


def draw(published: Mapping[str, Any], seed: int | str) -> list[str]:
    """Select the panel for ``seed`` from published data (see the module docstring)."""
    panels = published["panels"]
    return list(panels[seed_to_index(seed, len(panels))])


def verify(published: Mapping[str, Any], seed: int | str) -> list[str]:
    """Recompute the draw from the published panels and the seed and return the selected panel.

    Raises SelectionError if the data is not a published lottery (an unknown ``format``, no
    panels, a wrong ``m``), has no fingerprint (``panels_sha256``) or does not match it: data
    without a fingerprint cannot be checked, so it is refused rather than drawn from."""
    if not isinstance(published, Mapping):
        raise SelectionError([Issue("draw.published_without_panels")])
    fmt = published.get("format")
    if fmt is not None and fmt not in FORMATS:
        raise SelectionError([Issue("draw.format_unknown", format=str(fmt), known=", ".join(FORMATS))])
    panels = published.get("panels")
    if not isinstance(panels, list) or not panels:
        raise SelectionError([Issue("draw.published_without_panels")])
    said = published.get("m", len(panels))
    if not isinstance(said, int) or isinstance(said, bool) or said != len(panels):
        shown = said if isinstance(said, int) and not isinstance(said, bool) else str(said)[:40]
        raise SelectionError([Issue("draw.published_count_differs", published=shown, found=len(panels))])
    expected = published.get("panels_sha256")
    if not isinstance(expected, str) or not expected:
        raise SelectionError([Issue("draw.fingerprint_missing")])
    if panels_fingerprint(panels) != expected:
        raise SelectionError([Issue("draw.fingerprint_differs")])
    return draw(published, seed)
