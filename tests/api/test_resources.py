"""What each resource answers, on a small world (tests/api/factories.py)."""

from __future__ import annotations

import pytest

from participatiehub.api.constants import API_VERSION

from .conftest import LISTS

pytestmark = pytest.mark.django_db


def _json(response):
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("path", LISTS)
def test_every_list_is_a_hal_page(client, data, path):
    response = client.get(path, {"pageSize": 1})
    body = _json(response)
    assert response["Content-Type"] == "application/json"
    assert response["API-Version"] == API_VERSION
    assert set(body) == {"_links", "_embedded", "paginering"}
    (key,) = body["_embedded"]
    assert len(body["_embedded"][key]) == 1
    assert body["paginering"]["grootte"] == 1
    assert body["_links"]["self"]["href"].startswith("http://testserver/api/v1/")
    if body["paginering"]["totaalAantal"] > 1:
        assert "page=2" in body["_links"]["next"]["href"]
        second = _json(client.get(body["_links"]["next"]["href"]))
        assert "prev" in second["_links"]
        assert second["_embedded"][key] != body["_embedded"][key]


def test_a_page_past_the_end_is_empty(client, data):
    body = _json(client.get("/api/v1/hubs", {"page": 50}))
    assert body["_embedded"]["hubs"] == []
    assert body["paginering"] == {"nummer": 50, "grootte": 20, "totaalAantal": 2, "aantalPaginas": 1}
    assert "next" not in body["_links"]


def test_hubs_show_status_area_coalition_and_contact_point(client, data):
    hubs = _json(client.get("/api/v1/hubs"))["_embedded"]["hubs"]
    assert [h["slug"] for h in hubs] == ["api-hub-0", "api-hub-1"]
    first = hubs[0]
    assert first["status"] == "operational"
    assert first["regio"] == {"laag": "zorgkantoorregio", "code": "ZK00", "naam": "Zorgkantoorregio 0"}
    assert first["gemeenten"] == [{"code": "GM9000", "naam": "Gemeente 0"}]
    assert first["coalitie"] == [{"organisatie": "Welzijn 0", "penvoerder": True}]
    assert first["contactpunt"]["email"] == "servicepunt0@hub.example.nl"
    assert first["_links"]["webpagina"]["href"] == "http://testserver/hubs/api-hub-0/"
    only = _json(client.get("/api/v1/hubs", {"gemeente": "GM9001"}))["_embedded"]["hubs"]
    assert [h["slug"] for h in only] == ["api-hub-1"]


def test_one_hub_with_design_and_history(client, data):
    hub = _json(client.get("/api/v1/hubs/api-hub-1"))
    assert hub["inrichting"]["rechtsvorm"] == "foundation"
    assert hub["statusgeschiedenis"] == [{"status": "operational", "datum": "2024-06-01T12:00:00+02:00"}]
    missing = client.get("/api/v1/hubs/bestaat-niet")
    assert missing.status_code == 404
    assert missing["Content-Type"] == "application/problem+json"


def test_municipalities_and_regions_with_their_hub(client, data):
    rows = _json(client.get("/api/v1/gemeenten", {"hub": "api-hub-0"}))["_embedded"]["gemeenten"]
    assert [(r["code"], [h["slug"] for h in r["hubs"]]) for r in rows] == [("GM9000", ["api-hub-0"])]
    regions = _json(client.get("/api/v1/regios", {"laag": "zorgkantoorregio"}))["_embedded"]["regios"]
    zk0 = next(r for r in regions if r["code"] == "ZK00")
    assert zk0["gemeenten"] == ["GM9000"]
    assert [h["slug"] for h in zk0["hubs"]] == ["api-hub-0"]


def test_public_questions_with_their_outcome(client, data):
    rows = _json(client.get("/api/v1/vragen"))["_embedded"]["vragen"]
    assert {r["id"] for r in rows} == {q.pk for q in data.questions}  # the declined ones are not public
    row = rows[0]
    advice = row["uitkomst"]["advies"]
    assert [a["antwoord"]["besluit"] for a in advice["aanbevelingen"]] == ["adopted", "not_adopted"]
    assert advice["document"] is None  # the advice document is not public
    assert row["uitkomst"]["terugkoppeling"]["watGevraagdWerd"] == "Vraag"
    detail = _json(client.get(f"/api/v1/vragen/{row['id']}"))
    # The list's outcome (read in bulk) is the public chain the question page shows.
    assert detail["uitkomst"] == row["uitkomst"]
    assert detail["besluitorgaan"] == "De gemeenteraad"


def test_a_question_that_is_not_public_is_not_found(client, data):
    from participatiehub.questions.models import PolicyQuestion

    declined = PolicyQuestion.objects.filter(status="declined").first()
    assert client.get(f"/api/v1/vragen/{declined.pk}").status_code == 404


def test_indicators_per_hub_per_quarter(client, data):
    rows = _json(client.get("/api/v1/indicatoren", {"hub": "api-hub-0", "kwartaal": "2025-Q1"}))["_embedded"]
    (row,) = rows["indicatoren"]
    figures = {f["indicator"]: f for f in row["cijfers"]}
    assert "api_hidden" not in figures  # not public
    assert figures["api_questions"]["waarde"] == 3.0
    # A questionnaire figure from 4 answers is withheld (the public minimum is 5).
    assert figures["api_experience"]["waarde"] is None
    assert _json(client.get("/api/v1/indicatoren", {"kwartaal": "2024-Q1"}))["_embedded"]["indicatoren"] == []
    codes = [d["code"] for d in _json(client.get("/api/v1/indicator-definities"))["_embedded"]["indicatorDefinities"]]
    assert "api_questions" in codes and "api_hidden" not in codes


def test_grants_and_reports(client, data):
    grants = _json(client.get("/api/v1/subsidies", {"hub": "api-hub-0"}))["_embedded"]["subsidies"]
    assert [g["bedragToegekend"] for g in grants] == [25000.0]
    reports = _json(client.get("/api/v1/selectieverslagen", {"hub": "api-hub-1"}))["_embedded"]["selectieverslagen"]
    assert [(r["code"], r["panelgrootte"]) for r in reports] == [("code0001", 2)]
    assert reports[0]["_links"]["pdf"]["href"].endswith("/hubs/api-hub-1/loting/code0001/verslag.pdf")


def test_published_lessons_only(client, data):
    lessons = _json(client.get("/api/v1/lessen"))["_embedded"]["lessen"]
    assert [lesson["titel"] for lesson in lessons] == ["Les 1", "Les 0"]
    assert lessons[0]["watWerkte"] == "Mensen kwamen terug."
    only = _json(client.get("/api/v1/lessen", {"gepubliceerdVanaf": "2025-06-02", "hub": "api-hub-1"}))
    assert [lesson["titel"] for lesson in only["_embedded"]["lessen"]] == ["Les 1"]
    assert _json(client.get("/api/v1/lessen", {"gepubliceerdTot": "2025-05-31"}))["_embedded"]["lessen"] == []


def test_root_and_catalogue(client, data):
    root = _json(client.get("/api/v1"))
    assert root["versie"] == API_VERSION
    assert root["_links"]["vragen"]["href"] == "http://testserver/api/v1/vragen"
    response = client.get("/api/v1/catalogus")
    catalogue = _json(response)
    assert response["Content-Type"] == "application/ld+json"
    assert catalogue["@type"] == "dcat:Catalog"
    datasets = catalogue["dcat:dataset"]
    assert len(datasets) == 8
    for dataset in datasets:
        assert dataset["dct:license"]["@id"].startswith("http://creativecommons.org/publicdomain/zero/1.0")
        assert dataset["dcat:contactPoint"]["vcard:hasEmail"]["@id"].startswith("mailto:")
        (distribution,) = dataset["dcat:distribution"]
        assert distribution["dcat:accessURL"]["@id"].startswith("http://testserver/api/v1/")
        assert distribution["dcat:mediaType"]["@id"].endswith("application/json")


def test_openapi_without_log_in(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.json()["openapi"].startswith("3.")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["API-Version"] == API_VERSION
