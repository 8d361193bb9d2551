"""Forms for lessons: writing one (its hub's trajectories to link), the search and filters of the public
index, and the question to a hub. Views stay thin: the services check again what they save."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxLengthValidator
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin
from participatiehub.hubs.constants import Agreement, ParticipationForm
from participatiehub.hubs.models import Hub
from participatiehub.trajectories.models import Trajectory

from . import selectors
from .constants import ASK_MESSAGE_MAX_LENGTH, PHASE_CHOICES, QUERY_MAX_LENGTH, TEXT_MAX_LENGTH, TargetGroup
from .models import Lesson


class TrajectoryChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Trajectory) -> str:
        return obj.question.title


class LessonForm(StyledFormMixin, forms.ModelForm):
    participation_forms = forms.MultipleChoiceField(
        label=_("Forms of participation"),
        choices=ParticipationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes and agreements"),
        choices=Agreement.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The regional plans the lesson is about."),
    )
    phase = forms.ChoiceField(
        label=_("Phase of the hub"),
        choices=[("", _("Not chosen")), *PHASE_CHOICES],
        required=False,
        help_text=_("How far was your hub when this happened?"),
    )
    target_groups = forms.MultipleChoiceField(
        label=_("Target groups"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    trajectories = TrajectoryChoiceField(
        label=_("Trajectories"),
        queryset=Trajectory.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The trajectories of your hub this lesson comes from."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Lesson
        fields = [
            "title",
            "context",
            "tried",
            "worked",
            "did_not_work",
            "advice",
            "themes",
            "participation_forms",
            "phase",
            "target_groups",
            "trajectories",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5, "maxlength": TEXT_MAX_LENGTH})
            for name in ("context", "tried", "worked", "did_not_work", "advice")
        }

    def __init__(self, *args, hub: Hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trajectories"].queryset = (
            Trajectory.objects.filter(hub=hub).select_related("question").only("id", "hub_id", "question__title")
        )
        for name in ("context", "tried", "worked", "did_not_work", "advice"):
            self.fields[name].validators.append(MaxLengthValidator(TEXT_MAX_LENGTH))
        if not self.fields["trajectories"].queryset.exists():
            del self.fields["trajectories"]

    def lesson_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("trajectories", None)
        return data

    def linked_trajectories(self):
        return self.cleaned_data.get("trajectories") if "trajectories" in self.fields else None


class LessonVersionForm(forms.Form):
    """Publish or take offline: the version the page showed."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=2_147_483_647)


class LessonSearchForm(StyledFormMixin, forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=QUERY_MAX_LENGTH)
    thema = forms.ChoiceField(label=_("Theme"), required=False)
    vorm = forms.ChoiceField(label=_("Form of participation"), required=False)
    fase = forms.ChoiceField(label=_("Phase of the hub"), required=False)
    doelgroep = forms.ChoiceField(label=_("Target group"), required=False)
    regio = forms.ChoiceField(label=_("Province"), required=False)
    hub = forms.ChoiceField(label=_("Hub"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thema"].choices = [("", _("All themes")), *Agreement.choices]
        self.fields["vorm"].choices = [("", _("All forms")), *ParticipationForm.choices]
        self.fields["fase"].choices = [("", _("All phases")), *PHASE_CHOICES]
        self.fields["doelgroep"].choices = [("", _("All target groups")), *TargetGroup.choices]
        self._regions = {r.code: r for r in selectors.region_choices()}
        self.fields["regio"].choices = [("", _("All provinces"))] + [(c, r.name) for c, r in self._regions.items()]
        self._hubs = {h.slug: h for h in selectors.hubs_with_lessons()}
        self.fields["hub"].choices = [("", _("All hubs"))] + [(s, h.name) for s, h in self._hubs.items()]

    def query(self) -> str:
        return self.cleaned_data.get("q", "") if self.is_valid() else ""

    def filters(self) -> selectors.Filters:
        if not self.is_valid():
            return selectors.Filters()
        data = self.cleaned_data
        return selectors.Filters(
            form=data["vorm"],
            theme=data["thema"],
            phase=data["fase"],
            target=data["doelgroep"],
            region=self._regions.get(data["regio"]),
            hub=self._hubs.get(data["hub"]),
        )

    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.values())


class AskHubForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    email = forms.EmailField(
        label=_("Your e-mail address"), help_text=_("The hub answers you at this address."), max_length=254
    )
    message = forms.CharField(
        label=_("Your question"),
        max_length=ASK_MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": ASK_MESSAGE_MAX_LENGTH}),
        help_text=lazy(lambda: gettext("At most %(n)s characters.") % {"n": ASK_MESSAGE_MAX_LENGTH}, str)(),
    )
