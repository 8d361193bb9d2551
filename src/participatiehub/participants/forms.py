"""Forms of the resident side and the coordinator's participant and invitation pages. They check input;
the services write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin

from . import selectors
from .constants import ConsentPurpose, StandardAttribute
from .letters import DEFAULT_LETTER_TEXT
from .models import InvitationBatch
from .services import MAX_BATCH_SIZE, standard_options

NO_ANSWER = ("", _("I'd rather not say"))


class CodeForm(StyledFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=40,
        help_text=_("You find the code on your letter. Capital or small letters: both are fine."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        )


class SignupForm(StyledFormMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send you a code by e-mail when you want to log in. You do not need a password."),
    )
    display_name = forms.CharField(
        label=_("Your name"), max_length=200, required=False, help_text=_("Only the hub staff see your name.")
    )

    def __init__(self, *args, consent_texts: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs.update({"autocomplete": "email", "inputmode": "email"})
        self.fields["display_name"].widget.attrs["autocomplete"] = "name"
        for purpose, label in ConsentPurpose.choices:
            text = consent_texts.get(purpose)
            if text is None:
                continue
            self.fields[f"consent_{purpose}"] = forms.BooleanField(
                label=label,
                required=purpose == ConsentPurpose.PANEL,
                help_text=text.text,
                error_messages={"required": _("To take part you must agree to this.")},
            )
        # The mixin ran before these fields existed.
        for name, field in self.fields.items():
            if name.startswith("consent_"):
                field.widget.attrs["class"] = "utrecht-checkbox utrecht-checkbox--html-input"
                field.widget.attrs["aria-describedby"] = f"id_{name}_hint"

    def consent_fields(self):
        return [self[name] for name in self.fields if name.startswith("consent_")]

    def purposes(self) -> list[str]:
        return [
            name.removeprefix("consent_")
            for name, value in self.cleaned_data.items()
            if name.startswith("consent_") and value
        ]


class AttributesForm(StyledFormMixin, forms.Form):
    """Standard and hub questions (with the ATTRIBUTES consent), special ones (with SPECIAL consent)."""

    household_code = forms.CharField(
        label=_("Household code"),
        max_length=64,
        required=False,
        help_text=_(
            "Do you live with someone who also signs up? Make up one word together and both fill it in. "
            "Then at most one of you is drawn."
        ),
    )

    def __init__(self, *args, hub, consents: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.standard_keys: list[str] = []
        self.special_keys: list[str] = []
        fields = {}
        if ConsentPurpose.ATTRIBUTES in consents:
            options = standard_options(hub)
            for key, label in StandardAttribute.choices:
                choices = options[key]
                if key == StandardAttribute.MUNICIPALITY and not choices:
                    continue
                widget = forms.Select if key == StandardAttribute.MUNICIPALITY else forms.RadioSelect
                fields[f"attr_{key}"] = forms.ChoiceField(
                    label=label, choices=[NO_ANSWER, *choices], required=False, widget=widget
                )
                self.standard_keys.append(key)
            for definition in selectors.attribute_definitions(hub, special=False):
                fields[f"attr_{definition.key}"] = forms.ChoiceField(
                    label=definition.label,
                    choices=[NO_ANSWER, *[(str(c), str(lbl)) for c, lbl in definition.options]],
                    required=False,
                    widget=forms.RadioSelect,
                )
                self.standard_keys.append(definition.key)
        if ConsentPurpose.SPECIAL in consents:
            for definition in selectors.attribute_definitions(hub, special=True):
                fields[f"special_{definition.key}"] = forms.ChoiceField(
                    label=definition.label,
                    choices=[NO_ANSWER, *[(str(c), str(lbl)) for c, lbl in definition.options]],
                    required=False,
                    widget=forms.RadioSelect,
                )
                self.special_keys.append(definition.key)
        household = self.fields.pop("household_code")
        self.fields.update(fields)
        self.fields["household_code"] = household
        for field in fields.values():
            if isinstance(field.widget, forms.Select) and not isinstance(field.widget, forms.RadioSelect):
                field.widget.attrs["class"] = "utrecht-select utrecht-select--html-select"

    def attribute_fields(self):
        return [self[f"attr_{key}"] for key in self.standard_keys]

    def special_fields(self):
        return [self[f"special_{key}"] for key in self.special_keys]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "attributes": {key: data.get(f"attr_{key}", "") for key in self.standard_keys},
            "special": {key: data.get(f"special_{key}", "") for key in self.special_keys},
            "household_code": data.get("household_code", ""),
        }


class ParticipantFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    municipality = forms.ChoiceField(label=_("Municipality"), required=False)
    age_band = forms.ChoiceField(label=_("Age"), required=False)
    consent = forms.ChoiceField(label=_("Agreed to"), required=False, choices=[("", _("All")), *ConsentPurpose.choices])

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        options = standard_options(hub)
        self.fields["municipality"].choices = [("", _("All")), *options[StandardAttribute.MUNICIPALITY]]
        self.fields["age_band"].choices = [("", _("All")), *options[StandardAttribute.AGE_BAND]]

    def filters(self) -> dict:
        if not self.is_bound or not self.is_valid():
            return {}
        return {key: value for key, value in self.cleaned_data.items() if value}


class InvitationBatchForm(StyledFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Name of this batch"), max_length=200, help_text=_("For example: Letters Zeist, March 2026.")
    )
    size = forms.IntegerField(
        label=_("Number of letters"),
        min_value=1,
        max_value=MAX_BATCH_SIZE,
        help_text=_("From 1 to 10,000. Each letter gets its own code."),
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality that mails the letters"), queryset=None, required=False, empty_label=_("None")
    )
    pool = forms.ModelChoiceField(
        label=_("Pool"),
        queryset=None,
        required=False,
        empty_label=_("None"),
        help_text=_("People who sign up with these codes join this pool."),
    )
    letter_text = forms.CharField(
        label=_("Letter text"),
        widget=forms.Textarea(attrs={"rows": 10}),
        initial=DEFAULT_LETTER_TEXT,
        help_text=_("Use short sentences and everyday words. The code, the web address and the QR code are added."),
    )

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        # The pools live in panels; the batch's foreign key names the model (no import of panels here).
        Pool = InvitationBatch._meta.get_field("pool").related_model

        self.fields["municipality"].queryset = selectors.hub_municipalities(hub)
        self.fields["pool"].queryset = Pool.objects.filter(hub=hub)
        self.fields["size"].widget.attrs["inputmode"] = "numeric"
