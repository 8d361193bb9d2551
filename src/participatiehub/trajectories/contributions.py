"""What trajectories show on the pages of apps below it, which cannot import it (docs/architecture.md,
"How a lower app shows data of a higher one"). ``TrajectoriesConfig.ready()`` registers them:

- hub pages (``hubs/sections.py``): overdue answers on the public page and the dashboard, and the
  influence figures on the dashboard;
- question pages (``questions/selectors.py``): the chain from question to feedback
  (``selectors.public_chain`` and ``selectors.chain_for_staff``).
"""

from __future__ import annotations

from participatiehub.hubs import sections

from . import selectors


def overdue_public(hub, user) -> dict | None:
    overdue = list(selectors.overdue_answers(hub).only("id", "title", "answer_due_date", "asking_organisation__name"))
    return {"overdue_answers": overdue} if overdue else None


def overdue_dashboard(hub, user) -> dict | None:
    overdue = list(selectors.overdue_answers(hub))
    return {"overdue_answers": overdue} if overdue else None


def influence(hub, user) -> dict | None:
    if not user.has_perm("hubs.view_influence", hub):
        return None
    return {"figures": selectors.influence_figures(hub)}


SECTIONS = (
    # Overdue answers change with every answer: the trajectories services bump the "questions" version.
    sections.Section(
        sections.PUBLIC, sections.TOP, "trajectories/_hub_overdue_public.html", overdue_public, ("questions",)
    ),
    sections.Section(sections.MANAGE, sections.TOP, "trajectories/_hub_overdue_manage.html", overdue_dashboard),
    sections.Section(sections.MANAGE, sections.MAIN, "trajectories/_influence.html", influence),
)
