"""Forms of the programme reports. They shape the input; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin
from participatiehub.redaction.constants import Category

from .constants import FindingState


class ReportForm(StyledFormMixin, forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=32,
        help_text=_("A year (2026), a quarter (2026-Q2) or a range of quarters (2026-Q1..2026-Q3)."),
    )


class UndoForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why may this text stay?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: this is the name of a building, not of a person."),
    )


class AddTermForm(StyledFormMixin, forms.Form):
    term = forms.CharField(
        label=_("Text that must be redacted"),
        max_length=300,
        help_text=_("Exactly as it is written in the report, for example a name."),
    )
    category = forms.ChoiceField(label=_("Category"), choices=Category.choices, initial=Category.NAME)
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))


class FindingFilterForm(StyledFormMixin, forms.Form):
    state = forms.ChoiceField(label=_("Show"), choices=[("", _("all"))] + list(FindingState.choices), required=False)
