"""What learning shows on the pages of hubs, which cannot import it (docs/architecture.md, "How a lower
app shows data of a higher one"). ``LearningConfig.ready()`` registers them:

- the public hub page: the hub's recent published lessons;
- the hub's dashboard: how many lessons and drafts it has, and the way to its lessons;
- the national overview: the recent lessons of all hubs.

The public page and the overview are cached: their parts follow the ``lessons`` data version, which the
lesson services bump on every change a reader can see.
"""

from __future__ import annotations

from participatiehub.hubs import sections

from .constants import LESSONS_VERSION, RECENT_COUNT, RECENT_ON_HUB_PAGE
from .selectors import lesson_counts, recent_lessons


def hub_public(hub, user) -> dict | None:
    lessons = recent_lessons(hub=hub, limit=RECENT_ON_HUB_PAGE)
    return {"lessons": lessons} if lessons else None


def hub_manage(hub, user) -> dict | None:
    if not user.has_perm("learning.manage_lessons", hub):
        return None
    return {"lesson_counts": lesson_counts(hub)}


def overview() -> dict | None:
    lessons = recent_lessons(limit=RECENT_COUNT)
    return {"lessons": lessons} if lessons else None


SECTIONS = (
    sections.Section(sections.PUBLIC, sections.MAIN, "learning/_hub_public.html", hub_public, (LESSONS_VERSION,)),
    sections.Section(sections.MANAGE, sections.MAIN, "learning/_hub_manage.html", hub_manage),
)
OVERVIEW_BLOCKS = (sections.OverviewBlock("learning/_overview.html", overview, (LESSONS_VERSION,)),)
