from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin
from participatiehub.geo.constants import Layer
from participatiehub.geo.models import Municipality, Region

from .constants import TRANSITIONS, Agreement, Domain, HubStatus, LegalForm, ParticipationForm
from .models import Hub


class HubDetailsForm(StyledFormMixin, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Hub
        fields = ["name", "summary", "contact_name", "contact_email", "contact_phone", "website", "visiting_address"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "summary": _("Two or three short sentences: who you are and what you do."),
            "contact_email": _("Residents and organisations use this address to reach the hub."),
        }

    def clean(self):
        data = super().clean()
        if not data.get("contact_email") and not data.get("contact_phone"):
            raise forms.ValidationError(
                _("Give at least an e-mail address or a phone number, so people can reach the hub.")
            )
        return data


class HubCreateForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    follows_region = forms.ModelChoiceField(
        label=_("Follows region"),
        queryset=Region.objects.filter(layer__in=[Layer.ZORGKANTOORREGIO, Layer.GGDREGIO, Layer.IZA]).order_by(
            "layer", "name"
        ),
        required=False,
        help_text=_(
            "The hub then covers the municipalities of this region. Leave empty to choose municipalities later."
        ),
    )
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)
    valid_from = forms.DateField(
        label=_("Covers the area from"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )


class StatusChangeForm(StyledFormMixin, forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Explanation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why does the status change? This is shown in the history."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, hub: Hub, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[hub.status]
        self.fields["to_status"].choices = [(s.value, s.label) for s in HubStatus if s.value in allowed]


class CoverageForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(
        label=_("Follow a region"),
        queryset=Region.objects.exclude(layer=Layer.PROVINCE).order_by("layer", "name"),
        required=False,
        help_text=_("Choose a region, or pick the municipalities yourself below."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )
    valid_from = forms.DateField(
        label=_("From"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        if not data.get("region") and not data.get("municipalities"):
            raise forms.ValidationError(_("Choose a region or at least one municipality."))
        return data


class DesignChoicesForm(StyledFormMixin, forms.Form):
    valid_from = forms.DateField(
        label=_("Valid from"), initial=timezone.localdate, widget=forms.DateInput(attrs={"type": "date"})
    )
    legal_form = forms.ChoiceField(label=_("Legal and governance form"), choices=LegalForm.choices)
    governance_note = forms.CharField(
        label=_("Governance explained"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    domains = forms.MultipleChoiceField(label=_("Domains"), choices=Domain.choices, widget=forms.CheckboxSelectMultiple)
    participation_forms = forms.MultipleChoiceField(
        label=_("Participation forms offered"),
        choices=ParticipationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agreements = forms.MultipleChoiceField(
        label=_("Agreements worked on"), choices=Agreement.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    themes = forms.CharField(
        label=_("Themes"),
        required=False,
        help_text=_("Separate themes with a comma, for example: loneliness, mental health of young people."),
    )


class CoalitionAddForm(StyledFormMixin, forms.Form):
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=None)
    is_lead = forms.BooleanField(label=_("Lead applicant (penvoerder)"), required=False)

    def __init__(self, *args, hub: Hub, **kwargs):
        super().__init__(*args, **kwargs)
        # The hub's own network, through the relation the coalition's model declares (hubs.CoalitionMember).
        self.fields["organisation"].queryset = (
            hub.organisations.exclude(coalitions__hub=hub).order_by("name").only("id", "name")
        )
