"""What funding shows on the hub pages (``hubs/sections.py``), which cannot import funding
(docs/architecture.md, "How a lower app shows data of a higher one"). ``FundingConfig.ready()`` registers:

- the dashboard (coordinators of the hub and the office): the hub's applications and grants, what is
  due next, and the trajectory activities the grants paid for;
- the public page: the awarded grants (amount, period, call). The page is cached; this section follows
  the data version ``GRANTS_PUBLIC_VERSION``, which every grant service bumps.
"""

from __future__ import annotations

from participatiehub.hubs import sections

from .selectors_grants import hub_funding, public_grants
from .services_grants import GRANTS_PUBLIC_VERSION


def hub_dashboard(hub, user) -> dict | None:
    if not user.has_perm("funding.view_hub_grants", hub):
        return None
    funding = hub_funding(hub)
    if not funding.applications and not funding.grants:
        return None
    return {"funding": funding}


def hub_public(hub, user) -> dict | None:
    grants = public_grants(hub)
    return {"public_grants": grants} if grants else None


SECTIONS = (
    sections.Section(sections.MANAGE, sections.MAIN, "funding/grants/_hub_dashboard.html", hub_dashboard),
    sections.Section(
        sections.PUBLIC, sections.MAIN, "funding/grants/_hub_public.html", hub_public, (GRANTS_PUBLIC_VERSION,)
    ),
)
