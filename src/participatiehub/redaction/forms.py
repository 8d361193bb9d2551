"""Forms of the keep list and the review decisions. They shape the input; the services hold the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin

from .constants import Category, DecisionAction, KeepKind


class KeepTermForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=KeepKind.choices, initial=KeepKind.ORGANISATION)
    name = forms.CharField(label=_("Name"), max_length=200)
    role = forms.CharField(
        label=_("Role"),
        max_length=100,
        required=False,
        help_text=_("Only for a public office holder, for example: wethouder. The name stays only next to this role."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class DecisionForm(StyledFormMixin, forms.Form):
    """Keep a text (a false positive) or always redact it (missed). ``prefix`` tells two on one page apart."""

    action = forms.ChoiceField(label=_("Decision"), choices=DecisionAction.choices, initial=DecisionAction.ADD)
    term = forms.CharField(
        label=_("Text"), max_length=300, help_text=_("Exactly as it is written in the text, for example a name.")
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=Category.choices,
        initial=Category.NAME,
        required=False,
        help_text=_("Only when the text must always be redacted."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2}))
