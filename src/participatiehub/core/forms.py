"""Form helpers: Utrecht classes on widgets, hints/errors linked for screen readers, bounded numbers."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.backends.base.operations import BaseDatabaseOperations

#: The narrowest integer column a number of a plain form may be stored in (PostgreSQL ``integer``).
#: A form field without its own bounds gets these, so an out-of-range number is a form error, not a
#: database error (500). A ModelForm field gets its model column's range.
INTEGER_RANGE = (-2_147_483_648, 2_147_483_647)
#: Floats of a plain form (none stored so far) stay where a float is still exact for whole numbers.
FLOAT_RANGE = (-(10**15), 10**15)


def _column_range(form, name: str, field: forms.Field) -> tuple:
    """The (min, max) a value of ``field`` may have, from its model column when the form has one."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    model_field = None
    if model is not None:
        try:
            model_field = model._meta.get_field(name)
        except FieldDoesNotExist:  # a form field of its own
            model_field = None
    if isinstance(field, forms.DecimalField):
        digits = getattr(model_field, "max_digits", None) or field.max_digits
        places = getattr(model_field, "decimal_places", None) or field.decimal_places or 0
        if digits:
            top = Decimal(10) ** (digits - places) - Decimal(10) ** -places
            return -top, top
        return FLOAT_RANGE
    if isinstance(field, forms.FloatField):
        return FLOAT_RANGE
    if model_field is not None:
        column = BaseDatabaseOperations.integer_field_ranges.get(model_field.get_internal_type())
        if column:
            return column
    return INTEGER_RANGE


def bound_numbers(form) -> None:
    """Give every number field of ``form`` a minimum and maximum that fit where the value is stored.

    Bounds a field already has are kept when they are narrower. Safe to call more than once (fields
    added after ``__init__`` are bounded when the form is cleaned)."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.IntegerField):  # DecimalField and FloatField are IntegerFields too
            continue
        low, high = _column_range(form, name, field)
        if field.max_value is None or field.max_value > high:
            field.validators = [v for v in field.validators if not isinstance(v, MaxValueValidator)]
            field.max_value = high
            field.validators.append(MaxValueValidator(high))
            if not field.widget.is_hidden:
                field.widget.attrs["max"] = high
        if field.min_value is None or field.min_value < low:
            field.validators = [v for v in field.validators if not isinstance(v, MinValueValidator)]
            field.min_value = low
            field.validators.append(MinValueValidator(low))
            if not field.widget.is_hidden:
                field.widget.attrs["min"] = low


_WIDGET_CLASSES = {
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.SelectMultiple: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
    forms.CheckboxSelectMultiple: "",
    forms.RadioSelect: "",
    forms.ClearableFileInput: "",
    forms.FileInput: "",
}


class StyledFormMixin:
    """Adds the Utrecht CSS classes and ``aria-describedby``/``aria-invalid`` to every widget, and
    bounds every number field (``bound_numbers``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        bound_numbers(self)
        for name, field in self.fields.items():
            widget = field.widget
            css = next((c for klass, c in _WIDGET_CLASSES.items() if isinstance(widget, klass)), None)
            if css is None:
                css = "utrecht-textbox utrecht-textbox--html-input"
            if css:
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()
            if field.help_text and not isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_hint"

    def full_clean(self):
        bound_numbers(self)
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                if not isinstance(widget, (forms.CheckboxSelectMultiple, forms.RadioSelect)):
                    ids = [f"id_{self.add_prefix(name)}_error"]
                    if self.fields[name].help_text:
                        ids.insert(0, f"id_{self.add_prefix(name)}_hint")
                    widget.attrs["aria-describedby"] = " ".join(ids)
