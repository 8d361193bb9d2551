"""The shapes of the API: query parameters (validated, camelCase) and responses (Dutch names, camelCase).

The response serializers turn the dictionaries the views build into JSON and are the OpenAPI schema at
the same time, so what the schema promises is what is sent (schemathesis checks it: tests/api).
"""

from __future__ import annotations

import re

from django.core.validators import RegexValidator

from rest_framework import serializers

from participatiehub.funding.constants import GrantStatus
from participatiehub.geo.constants import Layer
from participatiehub.hubs.constants import HubStatus
from participatiehub.questions.constants import PUBLIC_STATUSES, QuestionStatus

from .constants import MAX_PAGE, MAX_PAGE_SIZE, PAGE_SIZE

SLUG_PATTERN = r"^[-a-zA-Z0-9_]+"
QUARTER_PATTERN = r"^[0-9]{4}-Q[1-4]"
MUNICIPALITY_CODE_PATTERN = r"^GM[0-9]{4}"


# --- query parameters ---------------------------------------------------------------------------
# Strict: the value must be what the schema says, whole (no spaces around it, no "1.0" for 1, no line
# break after a code); anything else is refused with 400 and nothing is read.


class StrictIntegerField(serializers.IntegerField):
    def to_internal_value(self, data):
        if not isinstance(data, str) or not re.fullmatch(r"[0-9]{1,9}", data):
            self.fail("invalid")
        return super().to_internal_value(data)


def pattern_field(pattern: str, **kwargs) -> serializers.CharField:
    """A text matching ``pattern`` whole: ``\\Z`` (in the schema ``$``), so a final line break does not match."""
    kwargs.setdefault("required", False)
    return serializers.CharField(trim_whitespace=False, validators=[RegexValidator(pattern + r"\Z")], **kwargs)


class StrictDateField(serializers.DateField):
    def to_internal_value(self, value):
        if not isinstance(value, str) or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
            self.fail("invalid", format="JJJJ-MM-DD")
        return super().to_internal_value(value)


class PageQuery(serializers.Serializer):
    page = StrictIntegerField(
        required=False, min_value=1, max_value=MAX_PAGE, default=1, help_text="Paginanummer, vanaf 1."
    )
    pageSize = StrictIntegerField(  # noqa: N815 - the parameter's name in the API
        required=False,
        min_value=1,
        max_value=MAX_PAGE_SIZE,
        default=PAGE_SIZE,
        help_text="Rijen per pagina (hoogstens 100).",
    )


def hub_slug_field(**kwargs) -> serializers.CharField:
    kwargs.setdefault("help_text", "Alleen rijen van de hub met deze korte naam (slug).")
    return pattern_field(SLUG_PATTERN, max_length=80, **kwargs)


class HubsQuery(PageQuery):
    status = serializers.ChoiceField(
        choices=HubStatus.choices, required=False, help_text="Alleen hubs met deze status."
    )
    gemeente = pattern_field(
        MUNICIPALITY_CODE_PATTERN,
        max_length=6,
        help_text="Alleen de hub(s) die vandaag werken in de gemeente met deze CBS-code (bijvoorbeeld GM0344).",
    )


class MunicipalitiesQuery(PageQuery):
    hub = hub_slug_field(help_text="Alleen de gemeenten waar deze hub vandaag werkt.")


class RegionsQuery(PageQuery):
    laag = serializers.ChoiceField(choices=Layer.choices, required=False, help_text="Alleen regio's van deze indeling.")


class QuestionsQuery(PageQuery):
    hub = hub_slug_field()
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in QuestionStatus if s in PUBLIC_STATUSES],
        required=False,
        help_text="Alleen vraagstukken met deze status.",
    )


class IndicatorsQuery(PageQuery):
    hub = hub_slug_field()
    kwartaal = pattern_field(QUARTER_PATTERN, max_length=7, help_text="Alleen dit kwartaal, bijvoorbeeld 2026-Q3.")


class GrantsQuery(PageQuery):
    hub = hub_slug_field()
    status = serializers.ChoiceField(
        choices=GrantStatus.choices, required=False, help_text="Alleen subsidies met deze status."
    )


class ReportsQuery(PageQuery):
    hub = hub_slug_field()


class LessonsQuery(PageQuery):
    hub = hub_slug_field()
    gepubliceerdVanaf = StrictDateField(  # noqa: N815
        required=False, help_text="Alleen lessen gepubliceerd op of na deze datum (JJJJ-MM-DD)."
    )
    gepubliceerdTot = StrictDateField(  # noqa: N815
        required=False, help_text="Alleen lessen gepubliceerd op of voor deze datum (JJJJ-MM-DD)."
    )


# --- building blocks ----------------------------------------------------------------------------


class Link(serializers.Serializer):
    href = serializers.URLField()


class SelfLinks(serializers.Serializer):
    self = Link()


class ItemLinks(serializers.Serializer):
    self = Link(help_text="Deze rij in de API.")
    webpagina = Link(help_text="De openbare pagina op de website.")


class WebLinks(serializers.Serializer):
    webpagina = Link(help_text="De openbare pagina op de website.")


class PageLinks(serializers.Serializer):
    self = Link()
    first = Link()
    prev = Link(required=False, help_text="Ontbreekt op de eerste pagina.")
    next = Link(required=False, help_text="Ontbreekt op de laatste pagina.")
    last = Link()


class PageInfo(serializers.Serializer):
    nummer = serializers.IntegerField(help_text="Het nummer van deze pagina, vanaf 1.")
    grootte = serializers.IntegerField(help_text="Rijen per pagina.")
    totaalAantal = serializers.IntegerField(help_text="Aantal rijen op alle pagina's samen.")  # noqa: N815
    aantalPaginas = serializers.IntegerField(help_text="Aantal pagina's (minstens 1).")  # noqa: N815


class HubRef(serializers.Serializer):
    slug = serializers.CharField()
    naam = serializers.CharField()
    _links = SelfLinks()


class MunicipalityRef(serializers.Serializer):
    code = serializers.CharField(help_text="CBS-code, bijvoorbeeld GM0344.")
    naam = serializers.CharField()


class RegionRef(serializers.Serializer):
    laag = serializers.CharField(help_text="province, zorgkantoorregio, ggdregio of iza.")
    code = serializers.CharField()
    naam = serializers.CharField()


def page_serializer(name: str, item: type[serializers.Serializer], key: str) -> type[serializers.Serializer]:
    """A page of ``item`` rows: HAL ``_links`` (self, first, prev, next, last), ``_embedded.<key>`` and
    ``paginering``."""
    embedded = serializers.SerializerMetaclass(f"{name}Embedded", (serializers.Serializer,), {key: item(many=True)})
    return serializers.SerializerMetaclass(
        f"{name}Page",
        (serializers.Serializer,),
        {"_links": PageLinks(), "_embedded": embedded(), "paginering": PageInfo()},
    )


# --- hubs ---------------------------------------------------------------------------------------


class CoalitionMemberOut(serializers.Serializer):
    organisatie = serializers.CharField(help_text="De naam van de organisatie.")
    penvoerder = serializers.BooleanField(help_text="De penvoerder van de coalitie.")


class ContactPointOut(serializers.Serializer):
    naam = serializers.CharField(help_text="Het contactpunt van de hub (zoals op de openbare pagina van de hub).")
    email = serializers.CharField()
    telefoon = serializers.CharField()
    website = serializers.CharField()
    bezoekadres = serializers.CharField()


class HubOut(serializers.Serializer):
    slug = serializers.CharField()
    naam = serializers.CharField()
    status = serializers.CharField(help_text="preparing, forming_coalition, developing, operational of stopped.")
    statusNaam = serializers.CharField()  # noqa: N815
    samenvatting = serializers.CharField()
    regio = RegionRef(allow_null=True, help_text="De regio die de hub volgt; leeg als de hub een eigen gebied heeft.")
    gemeenten = MunicipalityRef(many=True, help_text="De gemeenten waar de hub vandaag werkt.")
    coalitie = CoalitionMemberOut(many=True)
    contactpunt = ContactPointOut()
    _links = ItemLinks()


class DesignOut(serializers.Serializer):
    geldigVanaf = serializers.DateField()  # noqa: N815
    rechtsvorm = serializers.CharField()
    domeinen = serializers.ListField(child=serializers.CharField())
    participatievormen = serializers.ListField(child=serializers.CharField())
    afspraken = serializers.ListField(child=serializers.CharField())
    themas = serializers.ListField(child=serializers.CharField())


class StatusChangeOut(serializers.Serializer):
    status = serializers.CharField()
    datum = serializers.DateTimeField()


class HubDetailOut(HubOut):
    inrichting = DesignOut(allow_null=True, help_text="De huidige inrichtingskeuzes van de hub.")
    statusgeschiedenis = StatusChangeOut(many=True, help_text="Oudste eerst.")


# --- geography ----------------------------------------------------------------------------------


class MunicipalityOut(serializers.Serializer):
    code = serializers.CharField(help_text="CBS-code, bijvoorbeeld GM0344.")
    naam = serializers.CharField()
    bestaatVanaf = serializers.IntegerField(
        allow_null=True, help_text="Eerste jaar dat de gemeente bestaat, als dat bekend is."
    )  # noqa: N815
    bestaatTot = serializers.IntegerField(
        allow_null=True, help_text="Laatste jaar dat de gemeente bestaat, als dat bekend is."
    )  # noqa: N815
    hubs = HubRef(many=True, help_text="De hub(s) die er vandaag werken; leeg als er geen is.")


class RegionOut(serializers.Serializer):
    laag = serializers.CharField(help_text="province, zorgkantoorregio, ggdregio of iza.")
    code = serializers.CharField()
    naam = serializers.CharField()
    jaar = serializers.IntegerField(allow_null=True, help_text="Het jaar van de indeling.")
    gemeenten = serializers.ListField(
        child=serializers.CharField(), help_text="CBS-codes van de gemeenten in de regio."
    )
    hubs = HubRef(many=True, help_text="Hubs die deze regio volgen.")


# --- questions ----------------------------------------------------------------------------------


class AnswerOut(serializers.Serializer):
    besluit = serializers.CharField(
        help_text="adopted (overgenomen), partly_adopted (deels) of not_adopted (niet overgenomen)."
    )
    besluitNaam = serializers.CharField()  # noqa: N815
    toelichting = serializers.CharField()
    besluitdatum = serializers.DateField()
    besluitdocument = serializers.CharField(help_text="Link naar het besluit, als die er is.")


class RecommendationOut(serializers.Serializer):
    nummer = serializers.IntegerField()
    tekst = serializers.CharField()
    antwoord = AnswerOut(allow_null=True, help_text="Leeg zolang de beslisser nog niet heeft geantwoord.")


class AdviceOut(serializers.Serializer):
    samenvatting = serializers.CharField()
    watDeelnemersZeiden = serializers.CharField()  # noqa: N815
    uitgebrachtOp = serializers.DateTimeField()  # noqa: N815
    document = serializers.CharField(allow_null=True, help_text="Link naar het openbare adviesdocument, als dat er is.")
    aanbevelingen = RecommendationOut(many=True)


class FeedbackOut(serializers.Serializer):
    watGevraagdWerd = serializers.CharField()  # noqa: N815
    watDeelnemersZeiden = serializers.CharField()  # noqa: N815
    hoeHetVerderGaat = serializers.CharField()  # noqa: N815
    gepubliceerdOp = serializers.DateTimeField()  # noqa: N815


class OutcomeOut(serializers.Serializer):
    gestartOp = serializers.DateField(allow_null=True)  # noqa: N815
    geleverdeTrede = serializers.CharField(
        help_text="De trede van de participatieladder die is waargemaakt; leeg tot die bekend is."
    )  # noqa: N815
    advies = AdviceOut(allow_null=True, help_text="Leeg tot het advies is uitgebracht.")
    terugkoppeling = FeedbackOut(allow_null=True, help_text="Leeg tot de terugkoppeling is gepubliceerd.")


class QuestionOut(serializers.Serializer):
    id = serializers.IntegerField()
    titel = serializers.CharField()
    samenvatting = serializers.CharField()
    status = serializers.CharField()
    statusNaam = serializers.CharField()  # noqa: N815
    hub = HubRef()
    vragendeOrganisatie = serializers.CharField()  # noqa: N815
    afspraken = serializers.ListField(child=serializers.CharField())
    themas = serializers.ListField(child=serializers.CharField())
    beloofdeTrede = serializers.CharField()  # noqa: N815
    ingediendOp = serializers.DateTimeField()  # noqa: N815
    besluitdatum = serializers.DateField(allow_null=True)
    uitkomst = OutcomeOut(allow_null=True, help_text="Leeg zolang er nog geen participatietraject is.")
    _links = ItemLinks()


class QuestionDetailOut(QuestionOut):
    achtergrond = serializers.CharField()
    besluitorgaan = serializers.CharField()
    gemeenten = MunicipalityRef(many=True)


# --- monitoring ---------------------------------------------------------------------------------


class FigureOut(serializers.Serializer):
    indicator = serializers.CharField(help_text="De code van de indicator (zie /indicator-definities).")
    naam = serializers.CharField()
    eenheid = serializers.CharField()
    waarde = serializers.FloatField(
        allow_null=True, help_text="Leeg als het cijfer niet van toepassing is of op te weinig antwoorden rust."
    )
    basis = serializers.IntegerField(allow_null=True, help_text="Op hoeveel gevallen het cijfer rust.")


class SnapshotOut(serializers.Serializer):
    hub = HubRef()
    kwartaal = serializers.CharField()
    versie = serializers.IntegerField(help_text="Een correctie is een nieuwe versie; dit is de geldende.")
    vastgesteldOp = serializers.DateTimeField()  # noqa: N815
    hubStatus = serializers.CharField(help_text="De status van de hub aan het eind van het kwartaal.")  # noqa: N815
    cijfers = FigureOut(many=True)


class IndicatorOut(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()
    definitie = serializers.CharField()
    eenheid = serializers.CharField()
    bron = serializers.CharField()
    berekening = serializers.CharField()
    beterAls = serializers.CharField(help_text="higher (hoger is beter), lower (lager is beter) of neutral.")  # noqa: N815


# --- funding and panels -------------------------------------------------------------------------


class LineRef(serializers.Serializer):
    code = serializers.CharField()
    naam = serializers.CharField()


class CallRef(serializers.Serializer):
    slug = serializers.CharField()
    titel = serializers.CharField()
    _links = WebLinks()


class GrantOut(serializers.Serializer):
    nummer = serializers.CharField()
    titel = serializers.CharField(help_text="De titel van het project.")
    hub = HubRef()
    programmalijn = LineRef()
    oproep = CallRef()
    bedragToegekend = serializers.DecimalField(max_digits=14, decimal_places=2, coerce_to_string=False)  # noqa: N815
    toegekendOp = serializers.DateTimeField()  # noqa: N815
    periodeVan = serializers.DateField()  # noqa: N815
    periodeTot = serializers.DateField()  # noqa: N815
    status = serializers.CharField(help_text="awarded, started, settlement_requested, settled of closed.")
    statusNaam = serializers.CharField()  # noqa: N815


class ReportLinks(serializers.Serializer):
    webpagina = Link()
    pdf = Link()


class ReportOut(serializers.Serializer):
    code = serializers.CharField(help_text="De openbare code van het verslag.")
    naam = serializers.CharField(help_text="De naam van de pool.")
    hub = HubRef()
    algoritme = serializers.CharField()
    getrokkenOp = serializers.DateTimeField(allow_null=True)  # noqa: N815
    gepubliceerdOp = serializers.DateTimeField()  # noqa: N815
    panelgrootte = serializers.IntegerField(help_text="Aantal mensen dat is geloot.")
    _links = ReportLinks()


class LessonOut(serializers.Serializer):
    id = serializers.IntegerField()
    titel = serializers.CharField()
    hub = HubRef()
    context = serializers.CharField(help_text="De situatie waarin het gebeurde.")
    geprobeerd = serializers.CharField(help_text="Wat de hub probeerde.")
    watWerkte = serializers.CharField()  # noqa: N815
    watNietWerkte = serializers.CharField()  # noqa: N815
    advies = serializers.CharField(help_text="Het advies aan andere hubs.")
    participatievormen = serializers.ListField(child=serializers.CharField())
    themas = serializers.ListField(child=serializers.CharField())
    fase = serializers.CharField(help_text="De fase van de hub; leeg als die niet is gekozen.")
    doelgroepen = serializers.ListField(child=serializers.CharField())
    gepubliceerdOp = serializers.DateTimeField()  # noqa: N815
    _links = WebLinks()


# --- the entry point ----------------------------------------------------------------------------


class RootLinks(serializers.Serializer):
    self = Link()
    openapi = Link()
    catalogus = Link()
    hubs = Link()
    gemeenten = Link()
    regios = Link()
    vragen = Link()
    indicatoren = Link()
    indicatorDefinities = Link()  # noqa: N815
    subsidies = Link()
    selectieverslagen = Link()
    lessen = Link()


class RootOut(serializers.Serializer):
    naam = serializers.CharField()
    versie = serializers.CharField()
    _links = RootLinks()
