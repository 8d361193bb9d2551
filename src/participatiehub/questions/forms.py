"""Forms for policy questions. They check input; the services validate the rules and write."""

from __future__ import annotations

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin
from participatiehub.geo.models import Municipality
from participatiehub.hubs.constants import Agreement
from participatiehub.hubs.models import Hub
from participatiehub.hubs.selectors import coverage_on
from participatiehub.network.models import Organisation

from .constants import PUBLIC_STATUSES, LadderRung, QuestionStatus
from .selectors import RUNG_EXPLANATIONS


def _date_widget():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _rung_choices():
    return [
        (rung.value, format_html("<strong>{}</strong> – {}", rung.label, RUNG_EXPLANATIONS[rung]))
        for rung in LadderRung
    ]


class QuestionForm(StyledFormMixin, forms.Form):
    """The question itself, as a decision-maker submits it or a coordinator enters or edits it."""

    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("A short title. For example: Better support for carers at home."),
    )
    summary = forms.CharField(
        label=_("Your question in a few sentences"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Explain in two or three short sentences what you want to know. Use everyday words: everyone must understand it."
        ),
    )
    background = forms.CharField(
        label=_("Background"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What led to this question? What has already been decided?"),
    )
    agreements = forms.MultipleChoiceField(
        label=_("Agreements"),
        choices=Agreement.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Under which agreement does the question fall? You can choose more than one."),
    )
    themes = forms.CharField(
        label=_("Themes"),
        required=False,
        max_length=500,
        help_text=_("Words that describe the subject, separated by commas. For example: loneliness, mental health."),
    )
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Municipalities concerned"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Which municipalities does the question affect? You can only choose municipalities in the hub's area."
        ),
    )
    promised_rung = forms.ChoiceField(
        label=_("How much say do participants get?"),
        choices=_rung_choices,
        widget=forms.RadioSelect,
        help_text=_(
            "This is the rung of the participation ladder. Participants see it before they take part, "
            "so promise only what you can keep."
        ),
    )
    decision_body = forms.CharField(
        label=_("Who decides?"),
        max_length=200,
        help_text=_("For example: the municipal council, or the board of the health insurer."),
    )
    decision_date = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        widget=_date_widget(),
        help_text=_("The decision moment: the day the decision is taken. The advice must be ready before then."),
    )
    answer_due_date = forms.DateField(
        label=_("Answer to the advice by"),
        required=False,
        widget=_date_widget(),
        help_text=_("By this date you tell the hub what you did with each recommendation in the advice."),
    )
    contact_name = forms.CharField(
        label=_("Contact person"),
        max_length=200,
        required=False,
        help_text=_("The person the hub can contact about this question. We do not publish this."),
    )
    contact_email = forms.EmailField(
        label=_("E-mail address of the contact person"),
        required=False,
        help_text=_("We send news about the question to this address. We do not publish it."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, hubs=(), question=None, **kwargs):
        if question is not None:
            kwargs.setdefault("initial", {}).update(self.initial_for(question))
        super().__init__(*args, **kwargs)
        hub_ids = [h.pk if isinstance(h, Hub) else h for h in hubs]
        covered = coverage_on().filter(hub_id__in=hub_ids).values("municipality_id")
        queryset = Municipality.objects.filter(pk__in=covered)
        if question is not None and question.pk:
            queryset = queryset | Municipality.objects.filter(pk__in=question.municipalities.values("pk"))
        self.fields["municipalities"].queryset = queryset.distinct().only("id", "name").order_by("name")
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["contact_name"].widget.attrs["autocomplete"] = "name"

    @staticmethod
    def initial_for(question) -> dict:
        return {
            "title": question.title,
            "summary": question.summary,
            "background": question.background,
            "agreements": question.agreements,
            "themes": ", ".join(question.themes or []),
            "municipalities": list(question.municipalities.all()),
            "promised_rung": question.promised_rung,
            "decision_body": question.decision_body,
            "decision_date": question.decision_date,
            "answer_due_date": question.answer_due_date,
            "contact_name": question.contact_name,
            "contact_email": question.contact_email,
            "version": question.version,
        }

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("organisation", None)
        data["themes"] = [t.strip() for t in (data.get("themes") or "").split(",") if t.strip()]
        data["municipalities"] = list(data.get("municipalities") or [])
        return data


class SubmitQuestionForm(QuestionForm):
    """The decision-maker's form; with several organisations they choose which one asks."""

    organisation = forms.ModelChoiceField(
        label=_("On behalf of"),
        queryset=Organisation.objects.none(),
        help_text=_("You work for more than one organisation. Choose the organisation that asks the question."),
    )

    field_order = ["organisation"]

    def __init__(self, *args, organisations, **kwargs):
        organisations = list(organisations)
        super().__init__(*args, hubs={o.hub_id for o in organisations}, **kwargs)
        if len(organisations) > 1:
            self.fields["organisation"].queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in organisations]
            ).order_by("name")
        else:
            del self.fields["organisation"]
            self.single_organisation = organisations[0] if organisations else None


class EnterOnBehalfForm(QuestionForm):
    """The coordinator enters a question for an organisation from the hub's network."""

    organisation = forms.ModelChoiceField(
        label=_("Asking organisation"),
        queryset=Organisation.objects.none(),
        help_text=_("The organisation that asks the question. Not in the list? First add it to the network."),
    )

    field_order = ["organisation"]

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, hubs=[hub], **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(hub=hub).only("id", "name").order_by("name")


class StepForm(StyledFormMixin, forms.Form):
    """One intake step (accept, decline, ask for clarification, close) with the version the page showed."""

    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, reason_label=None, reason_help=None, needs_reason=False, **kwargs):
        super().__init__(*args, **kwargs)
        if reason_label:
            self.fields["reason"].label = reason_label
        if reason_help:
            self.fields["reason"].help_text = reason_help
            self.fields["reason"].widget.attrs["aria-describedby"] = f"id_{self.add_prefix('reason')}_hint"
        self.fields["reason"].required = needs_reason


class ClarificationForm(StyledFormMixin, forms.Form):
    clarification = forms.CharField(
        label=_("Your answer to the hub"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Answer what the hub asked. You can also change the question itself with the edit button."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class InboxFilterForm(StyledFormMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    q = forms.CharField(
        label=_("Search"), required=False, max_length=100, help_text=_("Title, summary or organisation.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All statuses")), *QuestionStatus.choices]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {"status": self.cleaned_data["status"] or None, "q": self.cleaned_data["q"] or None}


class PublicFilterForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    hub = forms.ChoiceField(label=_("Hub"), required=False)
    agreement = forms.ChoiceField(label=_("Agreement"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["hub"].choices = [("", _("All hubs")), *Hub.objects.order_by("name").values_list("slug", "name")]
        self.fields["agreement"].choices = [("", _("All agreements")), *Agreement.choices]
        self.fields["status"].choices = [("", _("All statuses"))] + [
            (s.value, s.label) for s in QuestionStatus if s in PUBLIC_STATUSES
        ]

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        return {name: value or None for name, value in self.cleaned_data.items()}
