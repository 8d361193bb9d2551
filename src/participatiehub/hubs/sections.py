"""What higher apps show on a hub's pages, without hubs importing them.

``hubs`` lies below the apps that have something to say about a hub (trajectories: overdue answers and
influence figures; panels: published selection reports and representativeness), so its views cannot
call their selectors. Instead each of those apps registers a :class:`Section` in its
``AppConfig.ready()``: where it goes, the template that draws it (kept in that app) and a function that
reads its data for one hub. The hub views draw every section of a place in the order the apps are
installed, with ``{% hub_sections %}`` (``hubs/templatetags/hub_sections.py``).

The public hub page is cached (ADR 0004). A public section therefore shows the same to everyone (its
function gets no user) and names the data versions (``core.services.data_version``) its data follows;
they are part of the page's cache key, so the page changes when that data does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple

from participatiehub.core.services import data_version

PUBLIC = "public"  # the public hub page (cached; sections get no user)
MANAGE = "manage"  # the hub's management page (its dashboard)

TOP = "top"  # notices above the page's own content
MAIN = "main"  # the page's body: after the design choices (public), after the question links (manage)


@dataclass(frozen=True)
class Section:
    page: str
    place: str
    template: str
    #: (hub, user) → the template's context, or None when there is nothing to show. ``user`` is None on
    #: the public page.
    context: Callable[[Any, Any], dict | None]
    #: Public sections: the data versions their data follows (part of the page's cache key).
    versions: tuple[str, ...] = ()


class Part(NamedTuple):
    """One section drawn for one hub: its template and the context it gets on top of the page's."""

    template: str
    context: dict


_sections: list[Section] = []


def register(section: Section) -> None:
    """Add a section to a hub page (from an ``AppConfig.ready()``; registering the same one twice does nothing)."""
    if section.page not in (PUBLIC, MANAGE) or section.place not in (TOP, MAIN):
        raise ValueError(f"Unknown hub page or place: {section.page}, {section.place}")
    if section.versions and section.page != PUBLIC:
        raise ValueError("Only sections of the public page are cached and name data versions.")
    if section not in _sections:
        _sections.append(section)


def parts(page: str, hub, user=None) -> dict[str, list[Part]]:
    """Place → the sections to draw on ``page`` for ``hub`` (and ``user`` on the management page)."""
    drawn: dict[str, list[Part]] = {TOP: [], MAIN: []}
    for section in _sections:
        if section.page == page:
            context = section.context(hub, user if page == MANAGE else None)
            if context is not None:
                drawn[section.place].append(Part(section.template, context))
    return drawn


def public_versions() -> str:
    """The data versions of everything the public sections show, for the public page's cache key."""
    return ":".join(str(data_version(name)) for section in _sections for name in section.versions)


# --- the national overview ------------------------------------------------------------------------
# The same idea for the national overview (``hubs:overview``, cached like the hub page): a block gets
# neither hub nor user, and names the data versions it follows (part of the overview's cache key).


@dataclass(frozen=True)
class OverviewBlock:
    template: str
    #: () → the template's context, or None when there is nothing to show.
    context: Callable[[], dict | None]
    versions: tuple[str, ...] = ()


_overview_blocks: list[OverviewBlock] = []


def overview_register(block: OverviewBlock) -> None:
    """Add a block to the national overview (from an ``AppConfig.ready()``; twice does nothing)."""
    if block not in _overview_blocks:
        _overview_blocks.append(block)


def overview_parts() -> list[Part]:
    """The blocks to draw on the national overview, in the order they were registered."""
    drawn = []
    for block in _overview_blocks:
        context = block.context()
        if context is not None:
            drawn.append(Part(block.template, context))
    return drawn


def overview_versions() -> str:
    """The data versions the overview's blocks follow, for its cache key."""
    return ":".join(str(data_version(name)) for block in _overview_blocks for name in block.versions)
