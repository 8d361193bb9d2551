"""The catalogue: the office adds and edits self-reported indicators (a scan dimension or a questionnaire
item; the unit follows from the source), with the version it saw; computed indicators are read-only;
bad input changes nothing and says why. The scan's dimensions and the questionnaire's items are read
through ``services_catalogue`` (replaced here, so the test does not depend on those apps' data)."""

from __future__ import annotations

from django.urls import reverse

import pytest

from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.monitoring import services_catalogue
from participatiehub.monitoring.models import Direction, Indicator, Source, Unit
from tests.factories import HubFactory, coordinator, evaluator, programme_officer

from .dash_factories import clean_catalogue, indicator

pytestmark = pytest.mark.django_db

DIMENSIONS = [("vision", "Visie en ambitie"), ("reach", "Bereik en diversiteit: wie doet mee")]
ITEMS = [("heard", "I felt heard."), ("again", "I would take part again.")]


@pytest.fixture(autouse=True)
def _sources(monkeypatch, client, settings):
    from django.utils import translation

    monkeypatch.setattr(services_catalogue, "scan_dimensions", lambda: list(DIMENSIONS))
    monkeypatch.setattr(services_catalogue, "questionnaire_items", lambda: list(ITEMS))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def office(db):
    clean_catalogue()
    return programme_officer()


FIELDS = {
    "name": "Bereik",
    "definition": "Hoe goed de hub alle groepen bereikt.",
    "source": Source.SCAN,
    "source_key": "reach",
    "method": "De score van de scan.",
    "direction": Direction.HIGHER,
    "is_public": True,
    "is_active": True,
    "order": 50,
}


def test_the_office_adds_a_scan_indicator(office):
    made = services_catalogue.indicator_create(actor=office, code="scan_reach", **FIELDS)
    assert (made.code, made.unit, made.source, made.source_key, made.version) == (
        "scan_reach",
        Unit.SCORE,
        "scan",
        "reach",
        1,
    )


def test_a_questionnaire_indicator_is_a_percentage(office):
    made = services_catalogue.indicator_create(
        actor=office, code="experience_heard", **{**FIELDS, "source": Source.QUESTIONNAIRE, "source_key": "heard"}
    )
    assert made.unit == Unit.PERCENT


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"source": Source.RECORDS}, "Computed indicators are defined in code"),
        ({"source_key": "unknown"}, "Choose a scan dimension or a questionnaire item that exists."),
        ({"source": Source.QUESTIONNAIRE, "source_key": "reach"}, "that exists"),
        ({"name": "  "}, "Give the indicator a name."),
        ({"definition": ""}, "Explain in plain words"),
        ({"order": -1}, "The order is a number"),
    ],
)
def test_bad_input_changes_nothing(office, changes, message):
    with pytest.raises(ServiceError) as error:
        services_catalogue.indicator_create(actor=office, code="scan_x", **{**FIELDS, **changes})
    assert any(message in text for text in error.value.messages)
    assert not Indicator.objects.exists()


def test_one_indicator_per_dimension_and_unique_codes(office):
    services_catalogue.indicator_create(actor=office, code="scan_reach", **FIELDS)
    with pytest.raises(ServiceError, match="already reads"):
        services_catalogue.indicator_create(actor=office, code="scan_reach_2", **FIELDS)
    with pytest.raises(ServiceError, match="already exists"):
        services_catalogue.indicator_create(actor=office, code="scan_reach", **{**FIELDS, "source_key": "vision"})


def test_only_the_office_changes_the_catalogue(office):
    hub = HubFactory()
    for user in (evaluator(), coordinator(hub), None):
        with pytest.raises(ServiceError, match="Only the programme office"):
            services_catalogue.indicator_create(actor=user, code="scan_reach", **FIELDS)
    assert not Indicator.objects.exists()


def test_editing_is_version_checked(office):
    made = services_catalogue.indicator_create(actor=office, code="scan_reach", **FIELDS)
    services_catalogue.indicator_update(actor=office, indicator=made, expected_version=1, name="Bereik van groepen")
    assert (made.name, made.version) == ("Bereik van groepen", 2)
    stale = Indicator.objects.get(pk=made.pk)
    stale.version = 1
    with pytest.raises(ConcurrentEditError):
        services_catalogue.indicator_update(actor=office, indicator=stale, expected_version=1, name="Overschreven")
    assert Indicator.objects.get(pk=made.pk).name == "Bereik van groepen"


def test_computed_indicators_are_read_only(office, client):
    computed = indicator("network_organisations", name="Organisaties")
    with pytest.raises(ServiceError, match="defined in code"):
        services_catalogue.indicator_update(actor=office, indicator=computed, expected_version=1, name="Anders")
    client.force_login(office)
    url = reverse("monitoring:indicator", args=[computed.code])
    page = client.get(url)
    assert page.status_code == 200
    assert "defined in code" in page.content.decode() or "part of the software" in page.content.decode()
    assert 'name="definition"' not in page.content.decode()
    assert client.post(url, {"name": "Anders"}).status_code == 403
    assert Indicator.objects.get(pk=computed.pk).name == "Organisaties"


def test_the_pages_add_and_edit(office, client):
    client.force_login(office)
    listing = client.get(reverse("monitoring:catalogue"))
    assert listing.status_code == 200 and "Add an indicator" in listing.content.decode()
    form = client.get(reverse("monitoring:indicator_create")).content.decode()
    assert 'value="scan:reach"' in form and 'value="questionnaire:heard"' in form
    response = client.post(
        reverse("monitoring:indicator_create"),
        {
            "code": "scan_reach",
            "name": "Bereik",
            "definition": "Hoe goed de hub alle groepen bereikt.",
            "reads": "scan:reach",
            "method": "",
            "direction": "higher",
            "order": "10",
            "is_public": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    made = Indicator.objects.get(code="scan_reach")
    assert (made.source, made.source_key, made.unit) == ("scan", "reach", "score")
    url = reverse("monitoring:indicator", args=["scan_reach"])
    edit = {
        "name": "Bereik van alle groepen",
        "definition": made.definition,
        "reads": "questionnaire:again",
        "direction": "higher",
        "order": "10",
        "is_active": "on",
        "version": "1",
    }
    assert client.post(url, edit).status_code == 302
    made.refresh_from_db()
    assert (made.name, made.source, made.source_key, made.unit, made.is_public, made.version) == (
        "Bereik van alle groepen",
        "questionnaire",
        "again",
        "percent",
        False,
        2,
    )
    # The same form again (version 1): refused, nothing changes, the page says why.
    again = client.post(url, {**edit, "name": "Overschreven"})
    assert again.status_code == 200
    assert "Someone else changed this indicator" in again.content.decode()
    made.refresh_from_db()
    assert made.name == "Bereik van alle groepen"


def test_a_bad_form_shows_the_message(office, client):
    indicator("network_organisations")
    client.force_login(office)
    data = {"name": "X", "definition": "Y", "reads": "scan:reach", "direction": "higher", "order": "1"}
    response = client.post(reverse("monitoring:indicator_create"), {**data, "code": "network_organisations"})
    assert response.status_code == 200
    assert "An indicator with this code already exists." in response.content.decode()
    assert Indicator.objects.count() == 1
