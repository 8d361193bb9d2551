"""The open data API's views: read-only, public data only, no log-in (docs/api.md).

Each view checks its query parameters (a refused parameter: 400 problem document, nothing read), then
answers from the cache when the data it shows did not change (``responses.respond``). Reading is done by
``api.selectors`` and the apps' public selectors; views only turn rows into the documented shapes.
"""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from participatiehub.core.services import data_version
from participatiehub.funding.constants import APPLIED_VERSION, GrantStatus
from participatiehub.funding.services_grants import GRANTS_PUBLIC_VERSION
from participatiehub.geo.services import geo_version
from participatiehub.hubs.constants import HubStatus
from participatiehub.hubs.selectors import overview_signature
from participatiehub.learning.constants import LESSONS_VERSION
from participatiehub.monitoring.constants import SNAPSHOTS_VERSION
from participatiehub.panels.services import PUBLIC_REPORTS_VERSION
from participatiehub.questions.constants import QuestionStatus
from participatiehub.questions.selectors import public_chain, public_question
from participatiehub.trajectories.constants import Decision

from . import catalogue, represent, selectors
from . import serializers as s
from .constants import API_VERSION, JSON_LD
from .problems import exception_handler
from .responses import absolute, href, hub_ref, link, page_body, paginate, respond

QUESTIONS_VERSION = "questions"  # the data version every question and trajectory service bumps


class JsonLdRenderer(JSONRenderer):
    media_type = JSON_LD
    format = "jsonld"


class ApiNegotiation(DefaultContentNegotiation):
    """Content negotiation on the Accept header only: ``?format=`` is not a parameter of this API (an
    unknown query parameter is ignored, never a 404). JSON-LD answers also a request for JSON."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE=None)

    def select_renderer(self, request, renderers, format_suffix=None):
        accept = request.META.get("HTTP_ACCEPT", "")
        if renderers[0].media_type == JSON_LD and "application/json" in accept:
            return renderers[0], renderers[0].media_type
        return super().select_renderer(request, renderers, format_suffix)


class ApiView(APIView):
    """Public, read-only, JSON only; errors as problem documents."""

    authentication_classes: list = []
    permission_classes = [AllowAny]
    renderer_classes = [JSONRenderer]
    content_negotiation_class = ApiNegotiation
    http_method_names = ["get", "head", "options"]
    query: type[s.serializers.Serializer] | None = None
    media_type = "application/json"

    def get_exception_handler(self):
        return exception_handler

    @extend_schema(exclude=True)
    def options(self, request, *args, **kwargs):
        return Response(status=204)

    def params(self, request) -> dict:
        if self.query is None:
            return {}
        serializer = self.query(data=request.query_params)
        blank = {
            name: [_("Give a value or leave the parameter out.")]
            for name in serializer.fields
            if "" in request.query_params.getlist(name)
        }
        if blank:
            raise ValidationError(blank)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def versions(self) -> tuple:
        """The versions of the data the answer shows (part of the cache key)."""
        return ()

    def build(self, request, params: dict, **kwargs):
        raise NotImplementedError

    def get(self, request, **kwargs):
        params = self.params(request)
        return respond(
            request,
            versions=self.versions(),
            build=lambda: self.build(request, params, **kwargs),
            media_type=self.media_type,
        )


def _hubs_versions() -> tuple:
    return (overview_signature(), geo_version(), timezone.localdate())


def _web(request, path: str) -> dict:
    return link(request.build_absolute_uri(path))


# --- the entry point ------------------------------------------------------------------------------


class RootView(ApiView):
    @extend_schema(
        operation_id="root",
        summary="Ingang van de API",
        description="Links naar alle onderdelen van de API.",
        responses={200: s.RootOut},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def build(self, request, params, **kwargs):
        names = {
            "self": "root",
            "openapi": "openapi",
            "catalogus": "catalogue",
            "hubs": "hubs",
            "gemeenten": "municipalities",
            "regios": "regions",
            "vragen": "questions",
            "indicatoren": "indicators",
            "indicatorDefinities": "indicator_definitions",
            "subsidies": "grants",
            "selectieverslagen": "reports",
            "lessen": "lessons",
        }
        body = {
            "naam": f"{settings.PH_SITE_NAME} open data",
            "versie": API_VERSION,
            "_links": {key: link(absolute(request, name)) for key, name in names.items()},
        }
        return represent.one(s.RootOut, body)


# --- hubs -----------------------------------------------------------------------------------------


def _hub_body(request, hub: dict, coverage: dict, coalition: dict, labels: dict) -> dict:
    """A row of selectors.hubs with its area and coalition (selectors.hub_areas) in the HubOut shape."""
    slug = hub["slug"]
    return {
        "slug": slug,
        "naam": hub["name"],
        "status": hub["status"],
        "statusNaam": labels.get(hub["status"], hub["status"]),
        "samenvatting": hub["summary"],
        "regio": {
            "laag": hub["follows_region__layer"],
            "code": hub["follows_region__code"],
            "naam": hub["follows_region__name"],
        }
        if hub["follows_region_id"] is not None
        else None,
        "gemeenten": coverage.get(hub["id"], []),
        "coalitie": coalition.get(hub["id"], []),
        "contactpunt": {
            "naam": hub["contact_name"],
            "email": hub["contact_email"],
            "telefoon": hub["contact_phone"],
            "website": hub["website"],
            "bezoekadres": hub["visiting_address"],
        },
        "_links": {
            "self": link(absolute(request, "hub", slug)),
            "webpagina": link(href(request, "hubs:public", slug)),
        },
    }


def _hub_status_labels() -> dict:
    """Status → its name in the active language (what Hub.get_status_display gives)."""
    return {value: str(label) for value, label in HubStatus.choices}


class HubsView(ApiView):
    query = s.HubsQuery

    @extend_schema(
        operation_id="hubs_list",
        summary="Hubs",
        description="Alle regionale participatiehubs met status, gebied, coalitie en contactpunt, op naam.",
        parameters=[s.HubsQuery],
        responses={200: s.page_serializer("Hubs", s.HubOut, "hubs")},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return _hubs_versions()

    def build(self, request, params, **kwargs):
        rows, parts = paginate(
            request,
            selectors.hubs(status=params.get("status"), municipality_code=params.get("gemeente")),
            params,
            selectors.HUB_FIELDS,
        )
        coverage, coalition = selectors.hub_areas([h["id"] for h in rows])
        labels = _hub_status_labels()
        items = [_hub_body(request, h, coverage, coalition, labels) for h in rows]
        return page_body(parts, "hubs", represent.rows(s.HubOut, items))


class HubView(ApiView):
    @extend_schema(
        operation_id="hubs_retrieve",
        summary="Eén hub",
        description="Een hub met zijn inrichting en de geschiedenis van zijn status.",
        responses={200: s.HubDetailOut},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return _hubs_versions()

    def build(self, request, params, slug: str = "", **kwargs):
        hub = selectors.hubs().filter(slug=slug).values(*selectors.HUB_FIELDS).first()
        if hub is None:
            raise NotFound
        coverage, coalition = selectors.hub_areas([hub["id"]])
        body = _hub_body(request, hub, coverage, coalition, _hub_status_labels())
        history = selectors.hub_history(hub["id"])
        design = history.design
        body["inrichting"] = (
            {
                "geldigVanaf": design.valid_from,
                "rechtsvorm": design.legal_form,
                "domeinen": list(design.domains or []),
                "participatievormen": list(design.participation_forms or []),
                "afspraken": list(design.agreements or []),
                "themas": [str(t) for t in design.themes or []],
            }
            if design
            else None
        )
        body["statusgeschiedenis"] = [
            {"status": c["to_status"], "datum": c["changed_at"]} for c in history.status_changes
        ]
        return represent.one(s.HubDetailOut, body)


# --- geography ------------------------------------------------------------------------------------


class MunicipalitiesView(ApiView):
    query = s.MunicipalitiesQuery

    @extend_schema(
        operation_id="gemeenten_list",
        summary="Gemeenten",
        description="Alle gemeenten (CBS-code) met de hub of hubs die er vandaag werken, op code.",
        parameters=[s.MunicipalitiesQuery],
        responses={200: s.page_serializer("Gemeenten", s.MunicipalityOut, "gemeenten")},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return _hubs_versions()

    def build(self, request, params, **kwargs):
        rows, parts = paginate(
            request, selectors.municipalities(hub_slug=params.get("hub")), params, selectors.MUNICIPALITY_FIELDS
        )
        hubs = selectors.hubs_of_municipalities([m["id"] for m in rows])
        items = [
            {
                "code": m["code"],
                "naam": m["name"],
                "bestaatVanaf": m["valid_from_year"],
                "bestaatTot": m["valid_until_year"],
                "hubs": [hub_ref(request, slug, name) for slug, name in hubs.get(m["id"], [])],
            }
            for m in rows
        ]
        return page_body(parts, "gemeenten", represent.rows(s.MunicipalityOut, items))


class RegionsView(ApiView):
    query = s.RegionsQuery

    @extend_schema(
        operation_id="regios_list",
        summary="Regio's",
        description=(
            "Regio's per indeling (provincie, zorgkantoorregio, GGD-regio, IZA/AZWA-regio) met hun gemeenten "
            "en de hubs die de regio volgen."
        ),
        parameters=[s.RegionsQuery],
        responses={200: s.page_serializer("Regios", s.RegionOut, "regios")},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return _hubs_versions()

    def build(self, request, params, **kwargs):
        rows, parts = paginate(request, selectors.regions(layer=params.get("laag")), params)
        year = selectors.membership_year()
        members, followers = selectors.region_details([r.pk for r in rows], year)
        items = [
            {
                "laag": r.layer,
                "code": r.code,
                "naam": r.name,
                "jaar": year,
                "gemeenten": members.get(r.pk, []),
                "hubs": [hub_ref(request, slug, name) for slug, name in followers.get(r.pk, [])],
            }
            for r in rows
        ]
        return page_body(parts, "regios", represent.rows(s.RegionOut, items))


# --- questions ------------------------------------------------------------------------------------


def _outcome_body(request, outcome: dict | None) -> dict | None:
    if outcome is None:
        return None
    advice, feedback = outcome["advice"], outcome["feedback"]
    decisions = dict(Decision.choices)
    return {
        "gestartOp": outcome["started_on"],
        "geleverdeTrede": outcome["delivered_rung"] or "",
        "advies": {
            "samenvatting": advice["summary"],
            "watDeelnemersZeiden": advice["what_participants_said"],
            "uitgebrachtOp": advice["delivered_at"],
            "document": request.build_absolute_uri(advice["document_url"]) if advice["document_url"] else None,
            "aanbevelingen": [
                {
                    "nummer": r["number"],
                    "tekst": r["text"],
                    "antwoord": {
                        "besluit": r["response"]["decision"],
                        "besluitNaam": str(decisions.get(r["response"]["decision"], r["response"]["decision"])),
                        "toelichting": r["response"]["reason"],
                        "besluitdatum": r["response"]["decided_on"],
                        "besluitdocument": r["response"]["decision_document_url"],
                    }
                    if r["response"] is not None
                    else None,
                }
                for r in advice["recommendations"]
            ],
        }
        if advice
        else None,
        "terugkoppeling": {
            "watGevraagdWerd": feedback["what_was_asked"],
            "watDeelnemersZeiden": feedback["what_participants_said"],
            "hoeHetVerderGaat": feedback["closing_words"],
            "gepubliceerdOp": feedback["published_at"],
        }
        if feedback
        else None,
    }


def _question_body(request, question: dict, outcome: dict | None, labels: dict) -> dict:
    """A row of selectors.questions (QUESTION_FIELDS) with its outcome in the QuestionOut shape."""
    pk = question["id"]
    return {
        "id": pk,
        "titel": question["title"],
        "samenvatting": question["summary"],
        "status": question["status"],
        "statusNaam": labels[question["status"]],
        "hub": hub_ref(request, question["hub__slug"], question["hub__name"]),
        "vragendeOrganisatie": question["asking_organisation__name"],
        "afspraken": [str(a) for a in question["agreements"] or []],
        "themas": [str(t) for t in question["themes"] or []],
        "beloofdeTrede": question["promised_rung"],
        "ingediendOp": question["submitted_at"],
        "besluitdatum": question["decision_date"],
        "uitkomst": _outcome_body(request, outcome),
        "_links": {
            "self": link(absolute(request, "question", pk)),
            "webpagina": link(href(request, "questions:public_detail", pk)),
        },
    }


def _question_status_labels() -> dict:
    return {status.value: str(status.label) for status in QuestionStatus}


def _questions_versions() -> tuple:
    return (data_version(QUESTIONS_VERSION), overview_signature())


class QuestionsView(ApiView):
    query = s.QuestionsQuery

    @extend_schema(
        operation_id="vragen_list",
        summary="Vraagstukken",
        description=(
            "Openbare vraagstukken met hun uitkomst: het advies, het antwoord per aanbeveling en de "
            "terugkoppeling, zodra die openbaar zijn. Nieuwste eerst. Geen contactgegevens."
        ),
        parameters=[s.QuestionsQuery],
        responses={200: s.page_serializer("Vragen", s.QuestionOut, "vragen")},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return _questions_versions()

    def build(self, request, params, **kwargs):
        rows, parts = paginate(
            request,
            selectors.questions(hub_slug=params.get("hub"), status=params.get("status")),
            params,
            selectors.QUESTION_FIELDS,
        )
        outcomes = selectors.outcomes([q["id"] for q in rows])
        labels = _question_status_labels()
        items = [_question_body(request, q, outcomes.get(q["id"]), labels) for q in rows]
        return page_body(parts, "vragen", represent.rows(s.QuestionOut, items))


def outcome_from_chain(chain: dict | None) -> dict | None:
    """The public chain (trajectories.selectors.public_chain) in the shape ``_outcome_body`` reads."""
    if chain is None:
        return None

    advice, feedback = chain.get("advice"), chain.get("feedback")
    return {
        "delivered_rung": chain.get("delivered_rung") or "",
        "started_on": chain.get("started_on"),
        "advice": {
            "summary": advice["summary"],
            "what_participants_said": advice["what_participants_said"],
            "delivered_at": advice["delivered_at"],
            "document_url": advice.get("document_url") or "",
            "recommendations": [
                {
                    "number": r["number"],
                    "text": r["text"],
                    "response": r["response"] or None,
                }
                for r in advice["recommendations"]
            ],
        }
        if advice
        else None,
        "feedback": {
            "what_was_asked": feedback["what_was_asked"],
            "what_participants_said": feedback["what_participants_said"],
            "closing_words": feedback["closing_words"],
            "published_at": feedback["published_at"],
        }
        if feedback
        else None,
    }


class QuestionView(ApiView):
    @extend_schema(
        operation_id="vragen_retrieve",
        summary="Eén vraagstuk",
        description="Een openbaar vraagstuk met achtergrond, gemeenten en uitkomst.",
        responses={200: s.QuestionDetailOut},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return _questions_versions()

    def build(self, request, params, pk: int = 0, **kwargs):
        question = public_question(pk)  # 404 unless public; no contact details
        row = {name: getattr(question, name) for name in ("title", "summary", "status", "agreements", "themes")}
        row.update(
            id=question.pk,
            promised_rung=question.promised_rung,
            submitted_at=question.submitted_at,
            decision_date=question.decision_date,
            hub__slug=question.hub.slug,
            hub__name=question.hub.name,
            asking_organisation__name=question.asking_organisation.name,
        )
        outcome = outcome_from_chain(public_chain(question))
        body = _question_body(request, row, outcome, _question_status_labels())
        body["achtergrond"] = question.background
        body["besluitorgaan"] = question.decision_body
        body["gemeenten"] = [{"code": m.code, "naam": m.name} for m in question.municipalities.all()]
        return represent.one(s.QuestionDetailOut, body)


# --- monitoring -----------------------------------------------------------------------------------


def _monitoring_versions() -> tuple:
    return (data_version(SNAPSHOTS_VERSION), overview_signature())


class IndicatorsView(ApiView):
    query = s.IndicatorsQuery

    @extend_schema(
        operation_id="indicatoren_list",
        summary="Indicatoren per hub per kwartaal",
        description=(
            "De openbare cijfers van elke hub per kwartaal (de geldende versie), nieuwste kwartaal eerst. "
            "Cijfers uit de vragenlijst voor deelnemers staan er pas bij vanaf 5 antwoorden."
        ),
        parameters=[s.IndicatorsQuery],
        responses={200: s.page_serializer("Indicatoren", s.SnapshotOut, "indicatoren")},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return _monitoring_versions()

    def build(self, request, params, **kwargs):
        rows, parts = paginate(
            request,
            selectors.snapshots(hub_slug=params.get("hub"), period=params.get("kwartaal")),
            params,
            selectors.SNAPSHOT_FIELDS,
        )
        figures = selectors.public_figures_of([r["id"] for r in rows])
        items = [
            {
                "hub": hub_ref(request, snapshot["hub__slug"], snapshot["hub__name"]),
                "kwartaal": snapshot["period"],
                "versie": snapshot["version"],
                "vastgesteldOp": snapshot["taken_at"],
                "hubStatus": snapshot["hub_status"],
                "cijfers": figures[snapshot["id"]],
            }
            for snapshot in rows
        ]
        return page_body(parts, "indicatoren", represent.rows(s.SnapshotOut, items))


class IndicatorDefinitionsView(ApiView):
    query = s.PageQuery

    @extend_schema(
        operation_id="indicator_definities_list",
        summary="Definities van de indicatoren",
        description="Wat elke openbare indicator betekent, in welke eenheid en hoe hij wordt berekend.",
        parameters=[s.PageQuery],
        responses={200: s.page_serializer("IndicatorDefinities", s.IndicatorOut, "indicatorDefinities")},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return (data_version(SNAPSHOTS_VERSION),)

    def build(self, request, params, **kwargs):
        from participatiehub.monitoring.models import Indicator

        queryset = Indicator.objects.filter(is_active=True, is_public=True).order_by("order", "code", "id")
        rows, parts = paginate(request, queryset, params)
        items = [
            {
                "code": i.code,
                "naam": i.name,
                "definitie": i.definition,
                "eenheid": i.unit,
                "bron": i.source,
                "berekening": i.method,
                "beterAls": i.direction,
            }
            for i in rows
        ]
        return page_body(parts, "indicatorDefinities", represent.rows(s.IndicatorOut, items))


# --- funding and panels ---------------------------------------------------------------------------


class GrantsView(ApiView):
    query = s.GrantsQuery

    @extend_schema(
        operation_id="subsidies_list",
        summary="Toegekende subsidies",
        description="Toegekende subsidies: hub, programmalijn, oproep, bedrag en periode. Nieuwste eerst.",
        parameters=[s.GrantsQuery],
        responses={200: s.page_serializer("Subsidies", s.GrantOut, "subsidies")},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return (data_version(GRANTS_PUBLIC_VERSION), data_version(APPLIED_VERSION), overview_signature())

    def build(self, request, params, **kwargs):
        rows, parts = paginate(
            request,
            selectors.grants(hub_slug=params.get("hub"), status=params.get("status")),
            params,
            selectors.GRANT_FIELDS,
        )
        labels = {value: str(label) for value, label in GrantStatus.choices}
        items = [
            {
                "nummer": g["number"],
                "titel": g["application__title"],
                "hub": hub_ref(request, g["hub__slug"], g["hub__name"]),
                "programmalijn": {"code": g["line__code"], "naam": g["line__name"]},
                "oproep": {
                    "slug": g["application__call__slug"],
                    "titel": g["application__call__title"],
                    "_links": {"webpagina": link(href(request, "funding:call_public", g["application__call__slug"]))},
                },
                "bedragToegekend": g["awarded_amount"],
                "toegekendOp": g["awarded_at"],
                "periodeVan": g["starts_on"],
                "periodeTot": g["ends_on"],
                "status": g["status"],
                "statusNaam": labels.get(g["status"], g["status"]),
            }
            for g in rows
        ]
        return page_body(parts, "subsidies", represent.rows(s.GrantOut, items))


class ReportsView(ApiView):
    query = s.ReportsQuery

    @extend_schema(
        operation_id="selectieverslagen_list",
        summary="Gepubliceerde selectieverslagen",
        description=(
            "De openbare verslagen van lotingen voor panels: welke pool, wanneer getrokken en gepubliceerd, "
            "hoe groot het panel is. Geen namen; het verslag zelf staat op de webpagina en als PDF."
        ),
        parameters=[s.ReportsQuery],
        responses={200: s.page_serializer("Selectieverslagen", s.ReportOut, "selectieverslagen")},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return (data_version(PUBLIC_REPORTS_VERSION), overview_signature())

    def build(self, request, params, **kwargs):
        rows, parts = paginate(request, selectors.published_selections(hub_slug=params.get("hub")), params)
        items = []
        for selection in rows:
            hub = selection.pool.hub
            args = [hub.slug, selection.public_id]
            items.append(
                {
                    "code": selection.public_id,
                    "naam": selection.pool.name,
                    "hub": hub_ref(request, hub.slug, hub.name),
                    "algoritme": selection.algorithm,
                    "getrokkenOp": selection.finished_at,
                    "gepubliceerdOp": selection.published_at,
                    "panelgrootte": selection.panel_size,
                    "_links": {
                        "webpagina": _web(request, reverse("panels:public_report", args=args)),
                        "pdf": _web(request, reverse("panels:public_report_pdf", args=args)),
                    },
                }
            )
        return page_body(parts, "selectieverslagen", represent.rows(s.ReportOut, items))


# --- learning -------------------------------------------------------------------------------------


class LessonsView(ApiView):
    query = s.LessonsQuery

    @extend_schema(
        operation_id="lessen_list",
        summary="Gepubliceerde lessen",
        description="Wat hubs leerden: de gepubliceerde lessen met context, aanpak, wat wel en niet werkte en advies. "
        "Nieuwste eerst.",
        parameters=[s.LessonsQuery],
        responses={200: s.page_serializer("Lessen", s.LessonOut, "lessen")},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return (data_version(LESSONS_VERSION), overview_signature())

    def build(self, request, params, **kwargs):
        rows, parts = paginate(
            request,
            selectors.lessons(
                hub_slug=params.get("hub"), start=params.get("gepubliceerdVanaf"), end=params.get("gepubliceerdTot")
            ),
            params,
        )
        items = [
            {
                "id": lesson.pk,
                "titel": lesson.title,
                "hub": hub_ref(request, lesson.hub.slug, lesson.hub.name),
                "context": lesson.context,
                "geprobeerd": lesson.tried,
                "watWerkte": lesson.worked,
                "watNietWerkte": lesson.did_not_work,
                "advies": lesson.advice,
                "participatievormen": [str(v) for v in lesson.participation_forms or []],
                "themas": [str(v) for v in lesson.themes or []],
                "fase": lesson.phase,
                "doelgroepen": [str(v) for v in lesson.target_groups or []],
                "gepubliceerdOp": lesson.published_at,
                "_links": {"webpagina": _web(request, lesson.get_absolute_url())},
            }
            for lesson in rows
        ]
        return page_body(parts, "lessen", represent.rows(s.LessonOut, items))


# --- the catalogue and the schema -----------------------------------------------------------------


class CatalogueView(ApiView):
    renderer_classes = [JsonLdRenderer]
    media_type = JSON_LD

    @extend_schema(
        operation_id="catalogus",
        summary="Catalogus (DCAT-AP-NL)",
        description=(
            "De beschrijving van de datasets van deze API als DCAT-AP-NL in JSON-LD, om te laten oogsten "
            "door data.overheid.nl: per dataset titel, beschrijving, licentie (CC0 1.0), contactpunt en "
            "distributie."
        ),
        responses={200: {"type": "object", "additionalProperties": True}},
    )
    def get(self, request, **kwargs):
        return super().get(request, **kwargs)

    def versions(self):
        return (settings.PH_OFFICE_EMAIL, settings.PH_SITE_NAME)

    def build(self, request, params, **kwargs):
        return catalogue.catalogue(request)


class OpenApiView(ApiView):
    """The OpenAPI document (the same as docs/api/openapi.json, which a test keeps current)."""

    schema = None  # not part of itself

    def get(self, request, **kwargs):
        from .schema import openapi_document

        return respond(request, versions=(API_VERSION,), build=openapi_document)
