"""Every number field of every form of the project is bounded: a huge number is a Dutch form error, never a 500.

The forms are found, not listed: every ``forms`` module of every app is imported and every subclass of
Django's ``BaseForm`` defined in the project is checked. A new form whose constructor needs an argument
this test does not know fails here with the name to add to ``ARGUMENTS``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

from django import forms
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import translation

import pytest

import participatiehub
from participatiehub.core.forms import FLOAT_RANGE, INTEGER_RANGE
from participatiehub.panels.models import Pool
from participatiehub.scans.models import TemplateVersion
from tests.factories import HubFactory, OrganisationFactory
from tests.funding.factories import CallFactory
from tests.trajectories.factories import QuestionFactory, TrajectoryFactory

HUGE = "99999999999999999999999"  # the value that gave a 500 on the activity form
VERY_HUGE = "9" * 5000  # more digits than Python turns into an int by default

DUTCH_NUMBER_ERRORS = (
    "Zorg ervoor dat deze waarde hoogstens",
    "Zorg ervoor dat deze waarde minstens",
    "Voer een geheel getal in.",
    "Voer een getal in.",
    "Zorg dat er niet meer dan",  # digits of a decimal number
)


def _project_forms() -> list[type]:
    for module in pkgutil.walk_packages(participatiehub.__path__, "participatiehub."):
        if module.name.rsplit(".", 1)[-1].endswith("forms") and ".migrations" not in module.name:
            importlib.import_module(module.name)
    found, todo = set(), [forms.BaseForm]
    while todo:
        for subclass in todo.pop().__subclasses__():
            todo.append(subclass)
            abstract = (
                issubclass(subclass, forms.BaseModelForm)
                and getattr(getattr(subclass, "_meta", None), "model", None) is None
            )
            if subclass.__module__.startswith("participatiehub.") and not abstract:  # bases are swept in subclasses
                found.add(subclass)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


FORMS = _project_forms()


def test_the_sweep_finds_the_forms():
    names = {cls.__name__ for cls in FORMS}
    assert {"ActivityForm", "PoolForm", "InvitationBatchForm", "AllowanceForm", "QuotaForm"} <= names
    assert len(FORMS) >= 40


def _required_arguments(cls) -> list[str]:
    """Keyword-only arguments without a default of every constructor in the form's own classes."""
    names = []
    for klass in cls.__mro__:
        if klass.__module__.startswith("participatiehub.") and "__init__" in vars(klass):
            for parameter in inspect.signature(klass.__init__).parameters.values():
                if parameter.kind is parameter.KEYWORD_ONLY and parameter.default is parameter.empty:
                    names.append(parameter.name)
    return names


@pytest.fixture
def arguments(db):
    hub = HubFactory()
    organisation = OrganisationFactory(hub=hub)
    trajectory = TrajectoryFactory(question=QuestionFactory(hub=hub, asking_organisation=organisation), hub=hub)
    return {
        "hub": hub,
        "source": organisation,
        "trajectory": trajectory,
        "pool": Pool.objects.create(hub=hub, name="Pool", panel_size=2),
        "rows": [{"category": "age", "category_label": "Leeftijd", "value": "18-30", "label": "18 tot 30"}],
        "seated": [],
        "consent_texts": {},
        "consents": set(),
        "organisations": type(organisation).objects.filter(hub=hub),
        "call": CallFactory(),
        "hubs": type(hub).objects.filter(pk=hub.pk),
        "quarters": [("2026-Q3", "2026-Q3")],
        "scales": [],
        "blocks": [],
        "versions": TemplateVersion.objects.all(),
    }


def _form(cls, arguments, data=None):
    needed = _required_arguments(cls)
    unknown = [name for name in needed if name not in arguments]
    assert not unknown, f"{cls.__qualname__} needs {unknown}: add them to ARGUMENTS in this test"
    return cls(data, **{name: arguments[name] for name in needed})


def _number_fields(form) -> list[str]:
    return [name for name, field in form.fields.items() if isinstance(field, forms.IntegerField)]


def _column_range(cls, name: str, field) -> tuple:
    model = getattr(getattr(cls, "_meta", None), "model", None)
    if model is not None and isinstance(field, forms.IntegerField) and not isinstance(field, forms.DecimalField):
        try:
            internal = model._meta.get_field(name).get_internal_type()
        except Exception:  # noqa: BLE001 - a field of the form only
            internal = None
        if internal in BaseDatabaseOperations.integer_field_ranges:
            return BaseDatabaseOperations.integer_field_ranges[internal]
    if isinstance(field, forms.DecimalField | forms.FloatField):
        return FLOAT_RANGE
    return INTEGER_RANGE


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=lambda cls: f"{cls.__module__.split('.')[1]}.{cls.__qualname__}")
def test_every_number_field_is_bounded_within_its_column(cls, arguments):
    form = _form(cls, arguments)
    for name in _number_fields(form):
        field = form.fields[name]
        low, high = _column_range(cls, name, field)
        assert field.min_value is not None and field.max_value is not None, f"{cls.__name__}.{name} has no bounds"
        assert low <= field.min_value <= field.max_value <= high, f"{cls.__name__}.{name} exceeds its column"


@pytest.mark.django_db
@pytest.mark.parametrize("cls", FORMS, ids=lambda cls: f"{cls.__module__.split('.')[1]}.{cls.__qualname__}")
def test_huge_numbers_are_a_dutch_form_error(cls, arguments):
    names = _number_fields(_form(cls, arguments))
    choices = [
        name
        for name, field in _form(cls, arguments).fields.items()
        if isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
    ]
    with translation.override("nl"):
        for name in names:
            for value in (HUGE, "-" + HUGE, VERY_HUGE, "1e400"):
                form = _form(cls, arguments, data={name: value})
                assert not form.is_valid()
                errors = form.errors.get(name, [])
                assert errors, f"{cls.__name__}.{name} accepted {value[:30]}"
                assert all(e.startswith(DUTCH_NUMBER_ERRORS) for e in errors), (cls.__name__, name, errors)
        for name in choices:  # a huge id for a choice of a database row: an invalid choice, not a 500
            for value in (HUGE, "-" + HUGE):
                form = _form(cls, arguments, data={name: value})
                assert not form.is_valid()
                assert form.errors.get(name), f"{cls.__name__}.{name} accepted {value[:30]}"
