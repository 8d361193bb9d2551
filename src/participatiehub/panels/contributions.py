"""What panels show on the hub pages (``hubs/sections.py``), which cannot import panels
(docs/architecture.md, "How a lower app shows data of a higher one"). ``PanelsConfig.ready()`` registers them:

- the public page: the published transparency reports of the hub's selections;
- the dashboard: links to the panel pages, and the representativeness of the latest pool.
"""

from __future__ import annotations

from participatiehub.hubs import sections

from .selectors import published_reports, representativeness
from .services import PUBLIC_REPORTS_VERSION


def public_reports(hub, user) -> dict | None:
    reports = published_reports(hub)
    return {"published_reports": reports} if reports else None


def panel_links(hub, user) -> dict | None:
    return {} if user.has_perm("panels.manage_panels", hub) else None


def hub_representativeness(hub, user) -> dict | None:
    if not user.has_perm("hubs.view_influence", hub):
        return None
    return {"representativeness": representativeness(hub)}


SECTIONS = (
    # Reports appear and disappear with publication: the panels services bump PUBLIC_REPORTS_VERSION.
    sections.Section(
        sections.PUBLIC, sections.MAIN, "panels/_hub_public_reports.html", public_reports, (PUBLIC_REPORTS_VERSION,)
    ),
    sections.Section(sections.MANAGE, sections.MAIN, "panels/_hub_links.html", panel_links),
    sections.Section(sections.MANAGE, sections.MAIN, "panels/_representativeness.html", hub_representativeness),
)
