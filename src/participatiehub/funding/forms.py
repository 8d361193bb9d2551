"""Forms for the office's call pages and the applicant's application page. They only shape the input;
the rules (deadlines, amounts, partners, the procedure) live in services.py and workflow.py."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin

from .constants import CALL_FIELDS, REQUIRED_PARTNER_ROLES, BudgetCategory, PartnerRole, StepKind
from .models import (
    ApplicationAttachment,
    AssessmentCriterion,
    BudgetLine,
    Call,
    CallDeadline,
    ProgrammeLine,
    RequiredAttachment,
)


class LocalDateTimeInput(forms.DateTimeInput):
    """A date and time in the site's time zone (Europe/Amsterdam); Django makes it aware on input."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class ServiceModelForm(StyledFormMixin, forms.ModelForm):
    """A model form that only shapes the input: the service validates and saves (the model's own
    validation would run before it, twice)."""


class CallForm(ServiceModelForm):
    roles_in_one_organisation = forms.MultipleChoiceField(
        label=_("Roles that must sit in one organisation"),
        choices=[(r.value, r.label) for r in REQUIRED_PARTNER_ROLES],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Tick two or three roles, or none."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Call
        fields = list(CALL_FIELDS)
        widgets = {
            "text": forms.Textarea(attrs={"rows": 8}),
            "opens_at": LocalDateTimeInput,
            "closes_at": LocalDateTimeInput,
        }
        help_texts = {
            "text": _("Write in plain language: for whom the call is, what it pays for and how to apply."),
            "opens_at": _("Dutch time, for example 14:00."),
            "closes_at": _("Dutch time. Applications submitted at this minute or later are refused."),
            "max_amount": _("In euros, for example 50000."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = ProgrammeLine.objects.order_by("code")
        for name in ("opens_at", "closes_at"):
            self.fields[name].input_formats = DATETIME_INPUT_FORMATS
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def service_kwargs(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["roles_in_one_organisation"] = list(data["roles_in_one_organisation"] or [])
        return data


class CriterionForm(ServiceModelForm):
    class Meta:
        model = AssessmentCriterion
        fields = ["name", "description", "weight", "scale_min", "scale_max"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class RequiredAttachmentForm(ServiceModelForm):
    class Meta:
        model = RequiredAttachment
        fields = ["name", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}


class DeadlineForm(ServiceModelForm):
    class Meta:
        model = CallDeadline
        fields = ["label", "at"]
        widgets = {"at": LocalDateTimeInput}
        help_texts = {"at": _("Dutch time, for example 14:00.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["at"].input_formats = DATETIME_INPUT_FORMATS


class StepsForm(StyledFormMixin, forms.Form):
    """For each step of a procedure: whether it is part of it, and its place."""

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        rows = {s.kind: s for s in call.steps.all()}
        for index, kind in enumerate(StepKind):
            row = rows.get(kind.value)
            self.fields[f"{kind.value}_enabled"] = forms.BooleanField(
                label=kind.label, required=False, initial=row.enabled if row else False
            )
            self.fields[f"{kind.value}_order"] = forms.IntegerField(
                label=_("Place of “%(step)s”") % {"step": kind.label},
                min_value=1,
                max_value=99,
                initial=(row.order if row else (index + 1) * 10),
            )

    def steps(self) -> list[dict]:
        return [
            {
                "kind": kind.value,
                "enabled": self.cleaned_data[f"{kind.value}_enabled"],
                "order": self.cleaned_data[f"{kind.value}_order"],
            }
            for kind in StepKind
        ]

    def rows(self):
        """(enabled field, order field) per step, for the template's table."""
        return [(self[f"{kind.value}_enabled"], self[f"{kind.value}_order"]) for kind in StepKind]


class ApplicationStartForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title of your application"), max_length=200)

    def __init__(self, *args, hubs, **kwargs):
        super().__init__(*args, **kwargs)
        if len(hubs) > 1:
            self.fields["hub"] = forms.ModelChoiceField(label=_("Hub"), queryset=hubs, empty_label=None)
        self.hubs = hubs

    def hub(self):
        return self.cleaned_data.get("hub") or self.hubs[0]


class ApplicationForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("In a few sentences: what do you want to achieve, with whom?"),
    )
    plan = forms.CharField(
        label=_("Plan"),
        widget=forms.Textarea(attrs={"rows": 12}),
        required=False,
        help_text=_("What will the coalition do, when, and how do the people it is about take part?"),
    )
    months = forms.IntegerField(label=_("Duration in months"), min_value=1, max_value=120, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, lead_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lead_choices is not None:
            self.fields["lead_applicant"] = forms.ModelChoiceField(
                label=_("Lead applicant"),
                queryset=lead_choices,
                empty_label=None,
                help_text=_("A coordinator of the hub. The programme office writes to this person."),
            )

    @classmethod
    def initial_for(cls, application) -> dict:
        return {
            "title": application.title,
            "summary": application.summary,
            "plan": application.plan,
            "months": application.months,
            "version": application.version,
            "lead_applicant": application.lead_applicant_id,
        }


class PartnerForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation from your network"), queryset=None)
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=PartnerRole.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Without a role the organisation is a partner."),
    )
    is_dutch_legal_entity = forms.BooleanField(label=_("This is a Dutch legal entity"), required=False)

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class BudgetLineForm(ServiceModelForm):
    class Meta:
        model = BudgetLine
        fields = ["category", "description", "amount"]
        help_texts = {"amount": _("In euros, for example 1250.50.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = BudgetCategory.choices


class AttachmentForm(ServiceModelForm):
    class Meta:
        model = ApplicationAttachment
        fields = ["required", "name", "file"]
        labels = {"required": _("Which attachment is this?"), "name": _("Name")}

    def __init__(self, *args, call: Call, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["required"].queryset = call.required_attachments.all()
        self.fields["required"].empty_label = _("Another attachment")
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Leave empty to use the name of the required attachment.")


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)

    def __init__(self, *args, label=None, required=True, help_text="", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        self.fields["reason"].required = required
        self.fields["reason"].help_text = help_text
