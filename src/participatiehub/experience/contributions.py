"""What the questionnaire shows on the hub pages (``hubs/sections.py``), which cannot import experience
(docs/architecture.md, "How a lower app shows data of a higher one"). ``ExperienceConfig.ready()``
registers the dashboard section: the hub's figures per item with their counts (from 5 answers), and per
trajectory the invitations sent, the answers and a link to the trajectory's own results page.
"""

from __future__ import annotations

from participatiehub.hubs import sections

from .charts import shares_chart
from .selectors import hub_overview


def hub_dashboard(hub, user) -> dict | None:
    if not user.has_perm("experience.view_results", hub):
        return None
    overview = hub_overview(hub)
    if overview is None:
        return None
    return {"experience": overview, "experience_chart": shares_chart(overview.figures, chart_id="experience-hub-chart")}


SECTIONS = (sections.Section(sections.MANAGE, sections.MAIN, "experience/_hub_dashboard.html", hub_dashboard),)
