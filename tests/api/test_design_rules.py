"""The Dutch REST API Design Rules, checked the way a Spectral ruleset would (on the schema) and on live
answers: kebab-case paths without a trailing slash, camelCase query parameters, the API-Version header
on every response, errors as application/problem+json, the OpenAPI document published and current."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from participatiehub.api.constants import API_VERSION
from participatiehub.api.schema import openapi_document, openapi_json

from .conftest import LISTS

SCHEMA_FILE = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CAMEL = re.compile(r"^[a-z][a-zA-Z0-9]*$")
SEMVER = re.compile(r"^[0-9]+\.[0-9]+\.[0-9]+$")


@pytest.fixture(scope="module")
def document():
    return openapi_document()


def test_the_committed_schema_is_current():
    """docs/api/openapi.json is what the code generates (regenerate: python manage.py api_schema)."""
    assert SCHEMA_FILE.read_text(encoding="utf-8") == openapi_json()


def test_paths_are_kebab_case_without_trailing_slash_under_the_major_version(document):
    assert document["paths"]
    for path in document["paths"]:
        assert path.startswith("/api/v1"), path
        assert not path.endswith("/"), path
        for segment in path.split("/")[1:]:
            if segment.startswith("{") or segment == "openapi.json":
                continue
            assert KEBAB.match(segment), f"{path}: {segment} is not kebab-case"


def test_query_parameters_are_camel_case(document):
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                if parameter["in"] == "query":
                    assert CAMEL.match(parameter["name"]), f"{method} {path}: {parameter['name']}"


def test_only_reading_operations(document):
    for path, operations in document["paths"].items():
        assert set(operations) <= {"get", "head"}, path


def test_every_response_documents_the_version_header_and_errors_are_problems(document):
    assert SEMVER.match(document["info"]["version"])
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            responses = operation["responses"]
            assert {"406", "429", "500"} <= set(responses), f"{method} {path}"
            for status, response in responses.items():
                header = response["headers"]["API-Version"]
                assert header["required"] is True, f"{method} {path} {status}"
                if int(status) >= 400:
                    assert list(response["content"]) == ["application/problem+json"], f"{method} {path} {status}"


def _problem(response, status):
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert response["API-Version"] == API_VERSION
    body = json.loads(response.content)
    assert body["status"] == status
    assert {"type", "title", "detail", "instance"} <= set(body)
    return body


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1/", *[p + "/" for p in LISTS], "/api/v1/hubs/x/", "/api/v1/bestaat-niet"])
def test_a_trailing_slash_or_unknown_path_is_a_404_problem(client, path):
    body = _problem(client.get(path), 404)
    assert body["title"] == "Niet gevonden."


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writing_is_a_405_problem(client, method):
    response = getattr(client, method)("/api/v1/hubs")
    _problem(response, 405)
    assert response["Allow"] == "GET, HEAD, OPTIONS"


@pytest.mark.django_db
def test_a_bad_parameter_is_a_400_problem_naming_it(client):
    body = _problem(client.get("/api/v1/vragen", {"pageSize": "1000", "status": "declined", "hub": ""}), 400)
    assert sorted(p["name"] for p in body["invalidParams"]) == ["hub"]
    body = _problem(client.get("/api/v1/vragen", {"pageSize": "1000", "status": "declined"}), 400)
    assert sorted(p["name"] for p in body["invalidParams"]) == ["pageSize", "status"]
    assert body["title"] == "Het verzoek is niet geldig."


@pytest.mark.django_db
def test_only_json_is_offered(client):
    _problem(client.get("/api/v1/hubs", HTTP_ACCEPT="text/csv"), 406)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/v1", "/api/v1/openapi.json", "/api/v1/catalogus", *LISTS])
def test_every_answer_has_the_version_header_and_open_cors(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["API-Version"] == API_VERSION
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response


@pytest.mark.django_db
def test_a_cors_preflight_is_answered(client):
    response = client.options(
        "/api/v1/hubs", HTTP_ORIGIN="https://data.example.org", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "GET" in response["Access-Control-Allow-Methods"]
    assert "If-None-Match" in response["Access-Control-Allow-Headers"]
    assert response["API-Version"] == API_VERSION


@pytest.mark.django_db
def test_etag_and_if_none_match(client, data):
    first = client.get("/api/v1/hubs")
    etag = first["ETag"]
    assert etag.startswith('"')
    again = client.get("/api/v1/hubs", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["API-Version"] == API_VERSION
    assert client.get("/api/v1/hubs", HTTP_IF_NONE_MATCH='"anders"').status_code == 200
    # A change through the services shows at once, with a new ETag.
    from participatiehub.hubs.models import Hub

    hub = Hub.objects.get(slug="api-hub-0")
    hub.summary = "Nieuw"
    hub.save()
    changed = client.get("/api/v1/hubs", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


@pytest.mark.django_db
def test_the_rate_limit_answers_429_problem(client, settings):
    settings.PH_API_RATE_LIMIT = 3
    for _ in range(3):
        assert client.get("/api/v1").status_code == 200
    response = client.get("/api/v1/hubs")
    _problem(response, 429)
    assert response["Retry-After"] == "60"
    # Another address has its own count.
    assert client.get("/api/v1", REMOTE_ADDR="192.0.2.7").status_code == 200


@pytest.mark.django_db
def test_a_failure_is_a_500_problem(client, monkeypatch):
    from participatiehub.api import selectors

    def broken(**kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr(selectors, "grants", broken)
    client.raise_request_exception = False
    body = _problem(client.get("/api/v1/subsidies"), 500)
    assert "kapot" not in json.dumps(body)


@pytest.mark.django_db
def test_head_answers_like_get_without_a_body(client, data):
    response = client.head("/api/v1/hubs")
    assert response.status_code == 200
    assert response.content == b""
    assert response["ETag"] == client.get("/api/v1/hubs")["ETag"]
    assert response["Vary"].startswith("Accept") or "Accept" in response["Vary"]
