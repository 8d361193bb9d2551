"""What monitoring shows on the hub pages (``hubs/sections.py``), which cannot import monitoring
(docs/architecture.md, "How a lower app shows data of a higher one"). ``MonitoringConfig.ready()`` registers:

- the public page: the hub's public figures for the latest quarter beside the national median. The page
  is cached; this section follows the snapshots' data version, which the snapshot services and the
  catalogue's services bump.
- the dashboard (the hub's coordinators, the office): a link to the hub's monitoring dashboard.
"""

from __future__ import annotations

from participatiehub.hubs import sections

from . import selectors
from .constants import SNAPSHOTS_VERSION
from .templatetags.monitoring import Numbers, quarter_label


def hub_public(hub, user) -> dict | None:
    found = selectors.public_figures()
    if found is None:
        return None
    quarter, data = found["quarter"], found["figures"]
    own = data.of(quarter, hub.pk)
    if not own:
        return None
    numbers = Numbers()
    rows = [
        {
            "name": i.name,
            "definition": i.definition,
            "value": numbers.figure(own.get(i.pk), i.unit),
            "median": numbers.figure(data.stats(quarter, i.pk).median, i.unit),
        }
        for i in found["indicators"]
    ]
    return {"monitoring_public": {"quarter": quarter_label(quarter), "rows": rows}}


def hub_dashboard(hub, user) -> dict | None:
    if not user.has_perm("monitoring.view_hub", hub):
        return None
    return {"monitoring_hub": hub}


SECTIONS = (
    sections.Section(sections.PUBLIC, sections.MAIN, "monitoring/_hub_public.html", hub_public, (SNAPSHOTS_VERSION,)),
    sections.Section(sections.MANAGE, sections.MAIN, "monitoring/_hub_manage.html", hub_dashboard),
)
