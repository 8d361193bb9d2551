"""Forms of the assessment pages. They shape the input only; the rules (scales, deadlines, who may act,
the procedure) live in services_assessment.py. The module name ends in "forms" so that the project's
form sweep (tests/core/test_form_bounds.py) checks these forms too."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatiehub.accounts.models import User
from participatiehub.core.forms import StyledFormMixin

from .constants import AssignmentRole, DecisionOutcome, RankingAdvice
from .models import Call

TEXT_MAX = 10000


class _AssignForm(StyledFormMixin, forms.Form):
    role: str = ""
    user = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, **kwargs):
        from .services_assessment import assessor_choices

        super().__init__(*args, **kwargs)
        # The base class has no role (and no one to choose); its subclasses name theirs.
        self.fields["user"].queryset = assessor_choices(self.role) if self.role else User.objects.none()
        self.fields["user"].label_from_instance = lambda user: f"{user} ({user.email})"


class RefereeAssignForm(_AssignForm):
    role = AssignmentRole.REFEREE


class CommitteeAssignForm(_AssignForm):
    role = AssignmentRole.COMMITTEE


class ConflictForm(StyledFormMixin, forms.Form):
    conflict = forms.TypedChoiceField(
        label=_("Do you have a conflict of interest with this application?"),
        choices=[
            ("no", _("No, I have no conflict of interest")),
            ("yes", _("Yes, I have a conflict of interest")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        help_text=_(
            "For example: you work for one of the partners, you helped write the application, or you are "
            "family or a close friend of someone who did."
        ),
    )
    note = forms.CharField(
        label=_("Explain the conflict (only if you have one)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Only the programme office reads this."),
    )


class ScoreForm(StyledFormMixin, forms.Form):
    """A score and a motivation for each criterion of the call, and general comments."""

    comments = forms.CharField(
        label=_("General comments"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("The applicant reads this without your name."),
    )

    def __init__(self, *args, call: Call, **kwargs):
        self.criteria = list(call.criteria.all())
        fields = {}
        for criterion in self.criteria:
            fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=_("Score for “%(name)s” (%(min)s to %(max)s)")
                % {"name": criterion.name, "min": criterion.scale_min, "max": criterion.scale_max},
                min_value=criterion.scale_min,
                max_value=criterion.scale_max,
                required=False,
                help_text=criterion.description,
            )
            fields[f"motivation_{criterion.pk}"] = forms.CharField(
                label=_("Motivation for “%(name)s”") % {"name": criterion.name},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                max_length=TEXT_MAX,
            )
        # The form's fields are the criteria's, then the comments; the base class copies these.
        self.base_fields = {**fields, **type(self).base_fields}
        super().__init__(*args, **kwargs)

    @classmethod
    def initial_for(cls, assignment) -> dict:
        initial = {"comments": assignment.report}
        for score in assignment.scores.all():
            initial[f"score_{score.criterion_id}"] = score.value
            initial[f"motivation_{score.criterion_id}"] = score.motivation
        return initial

    def scores(self) -> dict[int, tuple]:
        """criterion id → (score or None, motivation), for the service."""
        return {
            c.pk: (self.cleaned_data.get(f"score_{c.pk}"), self.cleaned_data.get(f"motivation_{c.pk}", ""))
            for c in self.criteria
        }

    def rows(self):
        """(criterion, score field, motivation field) for the template."""
        return [(c, self[f"score_{c.pk}"], self[f"motivation_{c.pk}"]) for c in self.criteria]


class RebuttalForm(StyledFormMixin, forms.Form):
    text = forms.CharField(
        label=_("Your rebuttal"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=TEXT_MAX,
        help_text=_(
            "Answer the referees: correct mistakes and explain what they may have missed. You can send it once."
        ),
    )


class RankForm(StyledFormMixin, forms.Form):
    """The committee's rank and advice for one application (one form per application, by prefix)."""

    rank = forms.IntegerField(label=_("Rank"), min_value=1, max_value=999, help_text=_("1 is the best."))
    advice = forms.ChoiceField(label=_("Advice"), choices=RankingAdvice.choices)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=TEXT_MAX
    )


class DecisionForm(StyledFormMixin, forms.Form):
    outcome = forms.ChoiceField(label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect)
    amount = forms.DecimalField(
        label=_("Amount awarded"),
        max_digits=12,
        decimal_places=2,
        min_value=0,
        required=False,
        help_text=_("In euros, at most the amount requested. A lower amount needs a reason."),
    )
    conditions = forms.CharField(
        label=_("Conditions"), widget=forms.Textarea(attrs={"rows": 4}), required=False, max_length=TEXT_MAX
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=TEXT_MAX,
        help_text=_("Required for a rejection or a lower amount. The applicant reads it."),
    )
