"""The quick paths of the API's lists give what DRF's own serializers and reverse() give: the same bytes
for every answer (api.represent, api.responses.href; docs/api.md, "Performance")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.cache import cache
from django.test import RequestFactory
from django.urls import NoReverseMatch, reverse

import pytest
from rest_framework import serializers

from participatiehub.api import represent
from participatiehub.api import serializers as s
from participatiehub.api.responses import href
from tests.factories import HubFactory

from .conftest import LISTS
from .factories import world

UTC = dt.UTC


def _drf_rows(serializer_class, items):
    return serializer_class(items, many=True).data


def _drf_one(serializer_class, item):
    return serializer_class(item).data


def _slow_href(request, route, *args):
    return request.build_absolute_uri(reverse(route, args=[str(a) for a in args]))


@pytest.mark.django_db
def test_every_answer_is_what_drf_would_send(client, monkeypatch):
    made = world(2)
    HubFactory(slug="zonder-regio", name="Hub zonder regio", follows_region=None)  # regio: null
    question = made.questions[0]
    paths = [
        *LISTS,
        "/api/v1",
        "/api/v1/hubs/api-hub-0",
        "/api/v1/hubs/zonder-regio",
        f"/api/v1/vragen/{question.pk}",
        "/api/v1/hubs?pageSize=1&page=2",
        "/api/v1/indicatoren?hub=api-hub-1",
    ]
    quick = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        quick[path] = response.content
    cache.clear()
    monkeypatch.setattr(represent, "rows", _drf_rows)
    monkeypatch.setattr(represent, "one", _drf_one)
    monkeypatch.setattr("participatiehub.api.responses.href", _slow_href)
    monkeypatch.setattr("participatiehub.api.views.href", _slow_href)
    for path in paths:
        assert client.get(path).content == quick[path], path


class _Inner(serializers.Serializer):
    tekst = serializers.CharField()
    optioneel = serializers.CharField(required=False)
    leeg = serializers.IntegerField(allow_null=True)


class _Outer(serializers.Serializer):
    nummer = serializers.IntegerField()
    waarde = serializers.FloatField(allow_null=True)
    bedrag = serializers.DecimalField(max_digits=8, decimal_places=2, coerce_to_string=False)
    ja = serializers.BooleanField()
    moment = serializers.DateTimeField()
    dag = serializers.DateField(allow_null=True)
    lijst = serializers.ListField(child=serializers.CharField())
    binnen = _Inner(allow_null=True)
    meer = _Inner(many=True)


def test_a_plan_gives_what_the_serializer_gives(settings):
    settings.TIME_ZONE = "Europe/Amsterdam"
    row = {
        "nummer": "7",
        "waarde": Decimal("1.5"),
        "bedrag": Decimal("12.5"),
        "ja": 1,
        "moment": dt.datetime(2025, 7, 1, 10, 0, 0, 123, tzinfo=UTC),
        "dag": dt.date(2025, 1, 2),
        "lijst": ["a", 3, None],
        "binnen": None,
        "meer": [{"tekst": 5, "leeg": None, "optioneel": "x"}, {"tekst": "b"}],
    }
    assert represent.one(_Outer, row) == _Outer(row).data
    assert (
        represent.rows(_Outer, [row, {**row, "waarde": None, "dag": None}])
        == _Outer([row, {**row, "waarde": None, "dag": None}], many=True).data
    )
    assert represent.one(_Outer, row)["moment"] == "2025-07-01T12:00:00.000123+02:00"


def test_a_missing_required_value_is_an_error():
    with pytest.raises(KeyError):
        represent.one(_Inner, {"leeg": 1})


def test_a_field_it_cannot_follow_fails_when_the_plan_is_made():
    class Renamed(serializers.Serializer):
        naam = serializers.CharField(source="name")

    class Method(serializers.Serializer):
        naam = serializers.SerializerMethodField()

    for serializer_class in (Renamed, Method):
        with pytest.raises(TypeError):
            represent.plan(serializer_class)


def test_every_response_serializer_has_a_plan():
    for name in dir(s):
        item = getattr(s, name)
        if isinstance(item, type) and issubclass(item, serializers.Serializer) and name.endswith("Out"):
            represent.plan(item)


@pytest.mark.parametrize(
    ("route", "args"),
    [
        ("api:hub", ["api-hub-0"]),
        ("api:hub", ["Hub_9"]),
        ("api:question", [12]),
        ("panels:public_report", ["een-hub", "code0001"]),
    ],
)
def test_href_is_what_reverse_gives(route, args):
    request = RequestFactory().get("/api/v1/hubs", HTTP_HOST="testserver")
    for _ in range(2):  # the first call makes the template, the second uses it
        assert href(request, route, *args) == _slow_href(request, route, *args)


def test_what_is_not_plain_goes_through_reverse():
    request = RequestFactory().get("/api/v1/hubs", HTTP_HOST="testserver")
    href(request, "hubs:public", "een-hub")
    with pytest.raises(NoReverseMatch):  # a slug with accents, as reverse() itself refuses it
        href(request, "hubs:public", "ééntje")


def test_href_templates_are_kept_per_request():
    first = RequestFactory().get("/", HTTP_HOST="testserver")
    second = RequestFactory().get("/", HTTP_HOST="testserver", secure=True)
    assert href(first, "api:hub", "x") == "http://testserver/api/v1/hubs/x"
    assert href(second, "api:hub", "x") == "https://testserver/api/v1/hubs/x"


def test_rows_marked_ready_are_passed_on_as_they_are():
    ready = represent.Ready([{"tekst": "al klaar", "leeg": None}])
    out = represent.one(_Outer, {**_ROW, "meer": ready})
    assert out["meer"] is ready
    assert out == _Outer({**_ROW, "meer": [{"tekst": "al klaar", "leeg": None}]}).data


_ROW = {
    "nummer": 1,
    "waarde": 2.0,
    "bedrag": Decimal("3.00"),
    "ja": True,
    "moment": dt.datetime(2025, 1, 1, tzinfo=UTC),
    "dag": None,
    "lijst": [],
    "binnen": None,
    "meer": [],
}
