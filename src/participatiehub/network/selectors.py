"""Reads of a hub's network. Every queryset is scoped by the hub; query counts stay flat."""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Prefetch, Q, QuerySet

from participatiehub.accounts.selectors import roles_for_user
from participatiehub.geo.models import Municipality
from participatiehub.hubs.models import Hub, HubMunicipality

from .constants import DOMAIN_FIELDS, OrganisationType, ParticipationForm
from .models import ContactPerson, NetworkImport, Organisation, OrganisationRelation, ParticipationBody

_MUNICIPALITIES = Prefetch("municipalities", queryset=Municipality.objects.only("id", "code", "name").order_by("name"))


def hubs_for_coordinator(user) -> QuerySet[Hub]:
    return Hub.objects.filter(pk__in=roles_for_user(user).hub_ids).order_by("name")


def municipalities_for_hub(hub: Hub) -> QuerySet[Municipality]:
    """The municipalities the hub covers or its network works in (for filters and forms).

    Three small index-driven id queries and one lookup; an OR of IN-subqueries made PostgreSQL
    scan both membership tables on every page view at national scale.
    """
    ids = set(HubMunicipality.objects.filter(hub=hub).values_list("municipality_id", flat=True))
    ids.update(
        Organisation.municipalities.through.objects.filter(organisation__hub=hub)
        .values_list("municipality_id", flat=True)
        .distinct()
    )
    ids.update(
        ParticipationBody.municipalities.through.objects.filter(participationbody__hub=hub)
        .values_list("municipality_id", flat=True)
        .distinct()
    )
    return Municipality.objects.filter(pk__in=ids).only("id", "code", "name")


def _search(queryset: QuerySet, q: str, *, kvk: bool) -> QuerySet:
    q = (q or "").strip()[:200]
    if not q:
        return queryset
    condition = Q(name__icontains=q)
    digits = re.sub(r"[\s.]", "", q)
    if kvk and digits.isdigit():
        condition |= Q(kvk_number__startswith=digits)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchVector

        queryset = queryset.annotate(_search=SearchVector("name", config="dutch"))
        condition |= Q(_search=SearchQuery(q, config="dutch", search_type="websearch"))
    return queryset.filter(condition)


def _domain_filter(domain: str | None) -> Q:
    field = DOMAIN_FIELDS.get(domain) if domain else None
    return Q(**{field: True}) if field else Q()


def _municipality_filter(model, code: str | None) -> Q:
    """Organisations or bodies of the municipality with ``code`` (a subquery on their municipalities)."""
    if not code:
        return Q()
    through = model.municipalities.through
    column = model.municipalities.field.m2m_column_name()
    return Q(pk__in=through.objects.filter(municipality__code=code).values(column))


def organisations_for_hub(
    hub: Hub,
    *,
    q: str = "",
    org_type: str | None = None,
    municipality: str | None = None,
    domain: str | None = None,
    form: str | None = None,
) -> QuerySet[Organisation]:
    """The hub's organisations, filtered; municipalities prefetched (one query for any page size)."""
    queryset = Organisation.objects.filter(hub=hub)
    if org_type:
        queryset = queryset.filter(org_type=org_type)
    queryset = queryset.filter(_municipality_filter(Organisation, municipality), _domain_filter(domain))
    if form:
        queryset = queryset.filter(
            pk__in=ParticipationBody.objects.filter(hub=hub, form=form, organisation__isnull=False).values(
                "organisation_id"
            )
        )
    queryset = _search(queryset, q, kvk=True)
    return queryset.prefetch_related(_MUNICIPALITIES).order_by("name", "id")


def bodies_for_hub(
    hub: Hub,
    *,
    q: str = "",
    form: str | None = None,
    municipality: str | None = None,
    domain: str | None = None,
) -> QuerySet[ParticipationBody]:
    queryset = ParticipationBody.objects.filter(hub=hub)
    if form:
        queryset = queryset.filter(form=form)
    queryset = queryset.filter(_municipality_filter(ParticipationBody, municipality), _domain_filter(domain))
    queryset = _search(queryset, q, kvk=False)
    return queryset.select_related("organisation").prefetch_related(_MUNICIPALITIES).order_by("name", "id")


def contacts_for_hub(hub: Hub, *, q: str = "") -> QuerySet[ContactPerson]:
    queryset = ContactPerson.objects.filter(hub=hub)
    q = (q or "").strip()[:200]
    if q:
        queryset = queryset.filter(
            Q(name__icontains=q) | Q(organisation__name__icontains=q) | Q(body__name__icontains=q)
        )
    return queryset.select_related("organisation", "body").order_by("name", "id")


def organisation_for_hub(hub: Hub, pk: int) -> Organisation | None:
    return Organisation.objects.filter(hub=hub, pk=pk).prefetch_related(_MUNICIPALITIES).first()


def organisation_detail(organisation: Organisation) -> dict:
    """What the detail page shows besides the organisation itself."""
    return {
        "bodies": list(organisation.bodies.all().order_by("name")),
        "contacts": list(organisation.contacts.all().order_by("name")),
        "relations_out": list(organisation.relations_out.select_related("target").order_by("kind", "target__name")),
        "relations_in": list(organisation.relations_in.select_related("source").order_by("kind", "source__name")),
    }


def body_for_hub(hub: Hub, pk: int) -> ParticipationBody | None:
    return (
        ParticipationBody.objects.filter(hub=hub, pk=pk)
        .select_related("organisation")
        .prefetch_related(_MUNICIPALITIES)
        .first()
    )


def contact_for_hub(hub: Hub, pk: int) -> ContactPerson | None:
    return ContactPerson.objects.filter(hub=hub, pk=pk).select_related("organisation", "body").first()


def relation_for_hub(hub: Hub, pk: int) -> OrganisationRelation | None:
    return OrganisationRelation.objects.filter(hub=hub, pk=pk).select_related("source", "target").first()


def network_import_for_hub(hub: Hub, pk: int) -> NetworkImport | None:
    return NetworkImport.objects.filter(hub=hub, pk=pk).first()


@dataclass(frozen=True)
class NetworkSummary:
    organisation_count: int
    body_count: int
    contact_count: int
    relation_count: int
    by_type: list[tuple[str, str, int]]  # (code, label, count), every type, also zero
    by_form: list[tuple[str, str, int]]


def network_summary(hub: Hub) -> NetworkSummary:
    """Counts for the network home page: a fixed number of queries, however big the network."""
    type_counts = dict(Organisation.objects.filter(hub=hub).values_list("org_type").annotate(n=Count("id")).order_by())
    form_counts = dict(ParticipationBody.objects.filter(hub=hub).values_list("form").annotate(n=Count("id")).order_by())
    return NetworkSummary(
        organisation_count=sum(type_counts.values()),
        body_count=sum(form_counts.values()),
        contact_count=ContactPerson.objects.filter(hub=hub).count(),
        relation_count=OrganisationRelation.objects.filter(hub=hub).count(),
        by_type=[(c.value, c.label, type_counts.get(c.value, 0)) for c in OrganisationType],
        by_form=[(c.value, c.label, form_counts.get(c.value, 0)) for c in ParticipationForm],
    )


def organisations_for_export(hub: Hub, **filters):
    """The filtered organisations for an export, read in chunks (memory stays flat for big networks)."""
    return organisations_for_hub(hub, **filters).iterator(chunk_size=500)


def network_version(hub_id: int) -> int:
    """Changes on every write to the hub's network; cached list pages include it in their key (ADR 0004)."""
    from participatiehub.core.services import data_version

    return data_version(f"network:{hub_id}")


def network_version_bump(hub_id: int) -> None:
    from participatiehub.core.services import data_version_bump

    data_version_bump(f"network:{hub_id}")


def contact_details() -> list[tuple[str, str, str]]:
    """Every contact person's name, e-mail and phone, of all hubs: the redaction looks for them."""
    return list(ContactPerson.objects.order_by().values_list("name", "email", "phone"))


def organisation_and_body_names() -> set[str]:
    """The names of every organisation and participation body: the redaction keeps them readable."""
    names = set(Organisation.objects.order_by().values_list("name", flat=True).distinct())
    names.update(ParticipationBody.objects.order_by().values_list("name", flat=True).distinct())
    return names
