"""Forms for the coordinator's workspace and the decision-maker's answer page. Validation of the
domain rules lives in services.py; these forms only shape the input."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin
from participatiehub.hubs.constants import ParticipationForm
from participatiehub.network.models import ParticipationBody
from participatiehub.questions.constants import LadderRung

from .constants import MAX_DOCUMENT_BYTES, MAX_PARTICIPANT_COUNT, ActivityKind, Decision
from .models import Activity, Document


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def _bodies_field(hub, label) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=ParticipationBody.objects.filter(hub=hub).order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class TrajectoryForm(StyledFormMixin, forms.Form):
    participation_forms = forms.MultipleChoiceField(
        label=_("Forms of participation"),
        choices=ParticipationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description = forms.CharField(
        label=_("How participation is organised"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("For the hub's own use. This text is not shown on the public page."),
    )
    delivered_rung = forms.ChoiceField(
        label=_("Rung of the participation ladder actually delivered"),
        choices=[("", _("Not known yet"))] + list(LadderRung.choices),
        required=False,
        help_text=_("Shown on the public page next to the promised rung."),
    )
    started_on = forms.DateField(label=_("Started on"), widget=DateInput, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"] = _bodies_field(hub, _("Participation bodies involved"))
        self.order_fields(["participation_forms", "bodies", "description", "delivered_rung", "started_on", "version"])

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["forms"] = data.pop("participation_forms")
        data["bodies"] = list(data["bodies"])
        return data

    @classmethod
    def initial_for(cls, trajectory) -> dict:
        return {
            "participation_forms": list(trajectory.forms or []),
            "bodies": list(trajectory.bodies.all()),
            "description": trajectory.description,
            "delivered_rung": trajectory.delivered_rung,
            "started_on": trajectory.started_on,
            "version": trajectory.version,
        }


class TrajectoryStartForm(TrajectoryForm):
    """Starting a trajectory: no rung has been delivered yet and there is no version to check."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["delivered_rung"]
        del self.fields["version"]


class ActivityForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label=_("Kind of activity"), choices=ActivityKind.choices)
    title = forms.CharField(
        label=_("Title"), max_length=200, help_text=_("Shown on the public page. Do not write names of participants.")
    )
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    online = forms.BooleanField(label=_("Online"), required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    participant_count = forms.IntegerField(
        label=_("Number of participants"), min_value=0, max_value=MAX_PARTICIPANT_COUNT, initial=0
    )
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False, help_text=_("Only for the hub.")
    )

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bodies"] = _bodies_field(hub, _("Participation bodies that took part"))
        self.order_fields(["kind", "title", "held_on", "online", "place", "participant_count", "bodies", "notes"])

    @classmethod
    def initial_for(cls, activity: Activity) -> dict:
        return {
            "kind": activity.kind,
            "title": activity.title,
            "held_on": activity.held_on,
            "online": activity.online,
            "place": activity.place,
            "participant_count": activity.participant_count,
            "notes": activity.notes,
            "bodies": list(activity.bodies.all()),
        }

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["bodies"] = list(data["bodies"])
        return data


class DocumentForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX or ODT, at most %(mb)s MB.") % {"mb": MAX_DOCUMENT_BYTES // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.odt"}),
    )
    is_public = forms.BooleanField(label=_("Anyone may read this document on the public page"), required=False)

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"] = forms.ModelChoiceField(
            label=_("Belongs to the activity"),
            queryset=Activity.objects.filter(trajectory=trajectory),
            required=False,
            empty_label=_("No particular activity"),
        )


class ParticipantForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    email = forms.EmailField(label=_("E-mail"))
    wants_feedback = forms.BooleanField(
        label=_("Wants to hear what was done with the input"), required=False, initial=True
    )


class ParticipantsBulkForm(StyledFormMixin, forms.Form):
    lines = forms.CharField(
        label=_("Paste participants"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One person per line: name, e-mail. Addresses that are already on the list are skipped."),
    )


class AdviceForm(StyledFormMixin, forms.Form):
    summary = forms.CharField(label=_("Summary of the advice"), widget=forms.Textarea(attrs={"rows": 4}))
    what_participants_said = forms.CharField(
        label=_("What the participants said"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    recommendations = forms.CharField(
        label=_("Recommendations"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("One recommendation per line, in order. The decision-maker answers each one."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"] = forms.ModelChoiceField(
            label=_("Advice document"),
            queryset=Document.objects.filter(trajectory=trajectory),
            required=False,
            empty_label=_("No document"),
            help_text=_("Upload the document under Documents first."),
        )
        self.order_fields(["summary", "what_participants_said", "recommendations", "document", "version"])

    def recommendation_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["recommendations"].splitlines() if line.strip()]


class FeedbackForm(StyledFormMixin, forms.Form):
    what_was_asked = forms.CharField(label=_("What was asked"), widget=forms.Textarea(attrs={"rows": 3}))
    what_participants_said = forms.CharField(
        label=_("What the participants said"), widget=forms.Textarea(attrs={"rows": 4})
    )
    closing_words = forms.CharField(
        label=_("What happens next"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class ResponseForm(StyledFormMixin, forms.Form):
    """The answer to one recommendation (prefix per recommendation on the answer page)."""

    decision = forms.ChoiceField(
        label=_("What do you do with this recommendation?"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_(
            "Required when you do not adopt the recommendation, or adopt it only in part. Participants read this."
        ),
    )
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DateInput)
    decision_document_url = forms.URLField(
        label=_("Link to the decision document"), required=False, assume_scheme="https"
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") and data["decision"] != Decision.ADOPTED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Give a reason. The participants will read it."))
        return data
