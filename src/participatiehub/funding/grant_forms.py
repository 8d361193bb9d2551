"""Forms of the grant pages. They shape the input; the rules live in services_grants.py. Each carries
the grant's version (hidden), so an edit made on a page that someone else changed meanwhile is refused."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin
from participatiehub.trajectories.models import Activity

from .constants import MONEY_DIGITS, MONEY_PLACES, ChangeRequestKind


class _Versioned(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, grant=None, **kwargs):
        super().__init__(*args, **kwargs)
        if grant is not None and not self.is_bound:
            self.initial["version"] = grant.version


def _money_field(label, help_text=""):
    return forms.DecimalField(
        label=label, max_digits=MONEY_DIGITS, decimal_places=MONEY_PLACES, min_value=0, help_text=help_text
    )


def _text_field(label, *, required=True, rows=6, help_text=""):
    return forms.CharField(
        label=label,
        required=required,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
    )


class ProgressReportForm(_Versioned):
    text = _text_field(
        _("Progress report"),
        help_text=_("What have you done so far, what went well, what not, and what comes next?"),
    )


class ReviewForm(_Versioned):
    note = _text_field(_("Note for the applicant"), required=False, rows=3)


class ChangeRequestForm(_Versioned):
    kind = forms.ChoiceField(label=_("What do you want to change?"), choices=ChangeRequestKind.choices)
    text = _text_field(_("Explanation"), rows=4, help_text=_("What changes, and why?"))
    new_end = forms.DateField(
        label=_("New end date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Only for an extension."),
    )


class FinalReportForm(_Versioned):
    text = _text_field(
        _("Final report"), rows=8, help_text=_("What did the grant achieve? What did the activities cost?")
    )
    requested_amount = _money_field(
        _("Amount asked for settlement"), help_text=_("In euros: what the activities cost, at most the awarded amount.")
    )


class SettlementForm(_Versioned):
    amount = _money_field(_("Amount settled"), help_text=_("In euros, at most the awarded amount."))
    reason = _text_field(
        _("Reason"), required=False, rows=3, help_text=_("Required when you settle lower than the awarded amount.")
    )


class ActivityLinkForm(_Versioned):
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=None)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, activities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities if activities is not None else Activity.objects.none()
        self.fields["activity"].label_from_instance = lambda a: f"{a.title} ({a.held_on:%d-%m-%Y}, {a.trajectory})"
