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

FORMAT = "participatiehub-selection/1"


def seed_text(seed: int | str) -> str:
    if isinstance(seed, bool):
        raise SelectionError(["De startwaarde (seed) moet een getal of tekst zijn."])
    if isinstance(seed, int):
        return str(seed)
    return str(seed).strip()


def seed_to_index(seed: int | str, m: int) -> int:
    if m <= 0:
        raise SelectionError(["Er zijn geen panels om uit te loten."])
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

    Raises SelectionError (Dutch) if the published data does not match its own fingerprint."""
    panels = published.get("panels")
    if not isinstance(panels, list) or not panels:
        raise SelectionError(["De gepubliceerde gegevens bevatten geen panels."])
    if "m" in published and int(published["m"]) != len(panels):
        raise SelectionError(
            [f"Er zouden {published['m']} panels zijn gepubliceerd, maar er staan er {len(panels)} in het bestand."]
        )
    expected = published.get("panels_sha256")
    if expected is not None and panels_fingerprint(panels) != expected:
        raise SelectionError(["De lijst met panels is veranderd na publicatie: de vingerafdruk (SHA-256) klopt niet."])
    return draw(published, seed)
