"""Forms for the scan pages. They only shape the input; the rules live in services.py."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin

from .constants import COMMENT_MAX
from .models import AnswerScale, TemplateVersion
from .services import NOT_APPLICABLE


class LocalDateTimeInput(forms.DateTimeInput):
    """A date and time in the site's time zone (Europe/Amsterdam); Django makes it aware on input."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class VersionedForm(StyledFormMixin, forms.Form):
    """Every change of a template posts the draft's version: a stale page saves nothing."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TemplateForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class DimensionForm(VersionedForm):
    code = forms.SlugField(
        label=_("Code"),
        max_length=40,
        help_text=_("Short, lower case, no spaces (for example vision). It stays the same in every version."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    explanation = forms.CharField(label=_("Explanation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    order = forms.IntegerField(label=_("Place"), min_value=0, max_value=999, required=False)


class DimensionEditForm(DimensionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["code"]


class QuestionForm(VersionedForm):
    text = forms.CharField(label=_("Question"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)
    help_text = forms.CharField(
        label=_("Help text"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )
    scale = forms.TypedChoiceField(label=_("Answer scale"), coerce=int)
    order = forms.IntegerField(label=_("Place"), min_value=0, max_value=999, required=False)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)

    def __init__(self, *args, scales: list[AnswerScale], **kwargs):
        """``scales``: the version's answer scales, read once for all the page's question forms."""
        super().__init__(*args, **kwargs)
        self.scales = {scale.pk: scale for scale in scales}
        self.fields["scale"].choices = [(scale.pk, scale.name) for scale in scales]

    def clean_scale(self) -> AnswerScale:
        return self.scales[self.cleaned_data["scale"]]


class ScaleForm(VersionedForm):
    name = forms.CharField(label=_("Name"), max_length=200)
    labels = forms.CharField(
        label=_("Points"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("One label per line, the lowest first. The first line counts as 1, the next as 2, and so on."),
    )
    allows_not_applicable = forms.BooleanField(label=_("“Not applicable” is an answer"), required=False, initial=True)
    not_applicable_label = forms.CharField(label=_("Text for “not applicable”"), max_length=100, required=False)

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["labels"] = data["labels"].splitlines()
        return data


class PublishForm(VersionedForm):
    note = forms.CharField(
        label=_("What changed"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class RoundForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    template_version = forms.ModelChoiceField(
        label=_("Template version"), queryset=TemplateVersion.objects.none(), empty_label=None
    )
    opens_on = forms.DateField(label=_("Opening date"), widget=DateInput)
    deadline = forms.DateTimeField(
        label=_("Deadline"), widget=LocalDateTimeInput, help_text=_("Dutch time, for example 17:00.")
    )
    reminder_days = forms.CharField(
        label=_("Reminders (days before the deadline)"),
        required=False,
        max_length=40,
        help_text=_("For example 14, 3. Leave empty for 14 and 3 days. Hubs that are late get one more reminder."),
    )

    def __init__(self, *args, versions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template_version"].queryset = versions
        self.fields["deadline"].input_formats = DATETIME_INPUT_FORMATS
        if not self.is_bound:
            today = timezone.localdate()
            self.initial.setdefault("year", today.year)
            self.initial.setdefault("opens_on", today)
            first = versions.first()
            if first is not None:
                self.initial.setdefault("template_version", first.pk)


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why do you reopen the scan?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The hub's coordinators receive this in an e-mail."),
    )


class AnswerField(forms.ChoiceField):
    """A question's answer: shown as required when the question is, but a draft may leave it empty
    (the service checks the required answers when the scan is submitted)."""

    def validate(self, value):
        if value in self.empty_values:
            return
        super().validate(value)


class ResponseForm(StyledFormMixin, forms.Form):
    """A radio group per question (its scale's points and perhaps "not applicable") and a comment per
    dimension. A draft may leave anything empty: the service checks required answers at submission."""

    use_required_attribute = False  # saved as you go: the browser must not refuse a half-filled form

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    #: One opened form: its own saves in quick succession do not conflict with each other.
    page = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    def __init__(self, *args, blocks, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = blocks
        for block in blocks:
            for row in block.questions:
                question = row.question
                choices = [(str(p.value), f"{p.value} – {p.label}") for p in question.scale.points.all()]
                if question.scale.allows_not_applicable:
                    choices.append((NOT_APPLICABLE, question.scale.not_applicable_label or _("Not applicable")))
                self.fields[f"q{question.pk}"] = AnswerField(
                    label=f"{row.number}. {question.text}",
                    choices=choices,
                    required=question.required,
                    widget=forms.RadioSelect,
                    help_text=question.help_text,
                )
                if row.answer is not None:
                    self.initial[f"q{question.pk}"] = (
                        NOT_APPLICABLE if row.answer.not_applicable else str(row.answer.value)
                    )
            self.fields[f"c{block.dimension.pk}"] = forms.CharField(
                label=_("Comment on “%(name)s”") % {"name": block.dimension.name},
                required=False,
                max_length=COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 3}),
            )
            self.initial[f"c{block.dimension.pk}"] = block.comment

    def sections(self):
        """(block, [bound question fields], bound comment field) per dimension, for the template."""
        for block in self.blocks:
            yield block, [self[f"q{row.question.pk}"] for row in block.questions], self[f"c{block.dimension.pk}"]

    def answers(self) -> dict[int, str | None]:
        return {
            int(name[1:]): value or None
            for name, value in self.cleaned_data.items()
            if name.startswith("q") and name[1:].isdecimal()
        }

    def comments(self) -> dict[int, str]:
        return {
            int(name[1:]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("c") and name[1:].isdecimal()
        }
