"""Turning the rows the views build into JSON-ready data, described by the response serializers.

The serializers in ``serializers.py`` stay the one description of every answer: drf-spectacular reads
the OpenAPI schema from them, and ``rows()`` reads the same fields. What it skips is DRF's machinery per
value (a bound copy of every field for each serializer, ``get_attribute``, a method call per value):
for a page of hubs with their municipalities and coalitions that was about 400 ``to_representation``
calls and a third of the CPU of a page built without the cache (docs/api.md, "Performance").

A plan is made once per serializer class from its fields and then applied to plain dictionaries:

- the keys in the order the serializer declares them;
- a missing key is ``None`` when the field allows null, is left out when the field is optional (as
  ``prev`` and ``next`` in a page's links), and an error otherwise;
- ``None`` stays ``None``; other values go through what the field's own ``to_representation`` does:
  ``str``, ``int`` and ``float`` for text and numbers (what DRF's CharField, IntegerField and FloatField
  do), nested serializers and lists through their own plans, and every other field (dates, times,
  decimals, booleans) through the field's own ``to_representation``.

A nested list a selector marks as :class:`Ready` (built in its final form, e.g. the 33 figures of each
snapshot) is passed on without a second pass.

A field this module cannot follow (another ``source``, a default, a method field) fails when the plan
is made, not silently at run time. ``tests/api/test_represent.py`` checks every answer of the API
against the serializers' own output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

from rest_framework import serializers
from rest_framework.fields import empty

_SKIP = object()  # a missing key leaves the property out
_NULL = object()  # a missing key is null
_REQUIRED = object()  # a missing key is an error

# Field classes whose to_representation is exactly a builtin (DRF 3.x: ``return str(value)`` and so on).
_BUILTIN = {
    serializers.CharField: str,
    serializers.URLField: str,
    serializers.EmailField: str,
    serializers.IntegerField: int,
    serializers.FloatField: float,
}


class Ready(list):
    """Rows a selector built in their final JSON form already (text, numbers, None, lists and dicts
    of those, in the serializer's key order): a nested list of them is passed on as it is."""


def _converter(field: serializers.Field) -> Callable:
    if isinstance(field, serializers.ListSerializer):
        child = _converter(field.child)
        return lambda values: values if type(values) is Ready else [child(value) for value in values]
    if isinstance(field, serializers.Serializer):
        return _plan(field)
    if isinstance(field, serializers.ListField):
        child = _converter(field.child)
        return lambda values: [None if value is None else child(value) for value in values]
    if isinstance(field, serializers.SerializerMethodField | serializers.HiddenField):
        raise TypeError(f"{type(field).__name__} is not supported by api.represent")
    builtin = _BUILTIN.get(type(field))
    if builtin is not None:
        return builtin
    return field.to_representation  # dates, times, decimals, booleans: exactly what DRF does


def _missing(field: serializers.Field) -> object:
    if field.default is not empty:
        raise TypeError(f"{field.field_name}: a default is not supported by api.represent")
    if field.allow_null:
        return _NULL
    return _REQUIRED if field.required else _SKIP


def _plan(serializer: serializers.Serializer) -> Callable[[dict], dict]:
    steps = []
    for name, field in serializer.fields.items():
        if field.write_only:
            continue
        if field.source != name:
            raise TypeError(f"{type(serializer).__name__}.{name}: another source is not supported by api.represent")
        steps.append((name, _converter(field), _missing(field)))

    def convert(row: dict) -> dict:
        out = {}
        for name, conv, missing in steps:
            try:
                value = row[name]
            except KeyError:
                if missing is _SKIP:
                    continue
                if missing is _REQUIRED:
                    raise
                value = None
            out[name] = None if value is None else conv(value)
        return out

    return convert


@cache
def plan(serializer_class: type[serializers.Serializer]) -> Callable[[dict], dict]:
    """The function that turns one row (a dict) into what ``serializer_class(row).data`` holds."""
    return _plan(serializer_class())


def rows(serializer_class: type[serializers.Serializer], items: Iterable[dict]) -> list[dict]:
    """What ``serializer_class(items, many=True).data`` holds, as plain lists and dicts."""
    convert = plan(serializer_class)
    return [convert(item) for item in items]


def one(serializer_class: type[serializers.Serializer], item: dict) -> dict:
    """What ``serializer_class(item).data`` holds, as a plain dict."""
    return plan(serializer_class)(item)
