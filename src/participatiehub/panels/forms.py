"""Forms for pools, quotas, population shares, selections, engagements and allowances."""

from __future__ import annotations

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin
from participatiehub.trajectories.models import Activity, Trajectory

from . import selectors
from .constants import Algorithm, AllowanceKind
from .models import Pool

POPULATION_FILE_MAX_BYTES = 256 * 1024  # a list of shares is a few KB; anything near this is not one


class PoolForm(StyledFormMixin, forms.ModelForm):
    categories = forms.MultipleChoiceField(
        label=_("Categories for the quotas"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The answers of volunteers that the quotas look at."),
    )

    class Meta:
        model = Pool
        fields = ["name", "panel_size", "categories", "one_per_household", "trajectory"]

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["categories"].choices = selectors.category_choices(hub)
        self.fields["trajectory"].queryset = Trajectory.objects.filter(hub=hub)
        self.fields["trajectory"].required = False
        panel_size = self.fields["panel_size"]
        panel_size.min_value = 1
        panel_size.validators = [v for v in panel_size.validators if not isinstance(v, MinValueValidator)]
        panel_size.validators.append(MinValueValidator(1))
        panel_size.widget.attrs["min"] = 1

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "panel_size": data["panel_size"],
            "categories": list(data["categories"]),
            "one_per_household": data["one_per_household"],
            "trajectory": data.get("trajectory"),
        }


class MembersAddForm(StyledFormMixin, forms.Form):
    participants = forms.ModelMultipleChoiceField(
        label=_("Add to the pool"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only people who gave consent for the panel are shown."),
    )

    def __init__(self, *args, pool, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participants"].queryset = selectors.candidates_for_pool(pool)
        self.fields["participants"].label_from_instance = lambda p: (
            p.display_name or _("participant %(id)s") % {"id": p.pk}
        )


#: Seats a quota may ask for at most (far above any panel; a bound so a huge number is a form error).
QUOTA_MAX_SEATS = 100_000


class QuotaForm(StyledFormMixin, forms.Form):
    """One row per category value: at least / at most. Both empty = no quota for that value."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows  # list of dicts: category, category_label, value, label
        for i in range(len(rows)):
            for bound, label in (("min", _("At least")), ("max", _("At most"))):
                self.fields[f"{bound}_{i}"] = forms.IntegerField(
                    label=label,
                    required=False,
                    min_value=0,
                    max_value=QUOTA_MAX_SEATS,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )

    def clean(self):
        data = super().clean()
        for i in range(len(self.rows)):
            lo, hi = data.get(f"min_{i}"), data.get(f"max_{i}")
            if (lo is None) != (hi is None):
                self.add_error(
                    f"max_{i}" if hi is None else f"min_{i}", _("Fill in both at least and at most, or neither.")
                )
            elif lo is not None and lo > hi:
                self.add_error(f"min_{i}", _("At least cannot be more than at most."))
        return data

    def bound_rows(self):
        for i, row in enumerate(self.rows):
            yield {**row, "min": self[f"min_{i}"], "max": self[f"max_{i}"]}

    def quota_rows(self):
        from .services import QuotaRow

        out = []
        for i, row in enumerate(self.rows):
            lo, hi = self.cleaned_data.get(f"min_{i}"), self.cleaned_data.get(f"max_{i}")
            if lo is not None and hi is not None:
                out.append(QuotaRow(row["category"], row["value"], lo, hi))
        return out


class PopulationForm(StyledFormMixin, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    csv_file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_(
            "Columns: category;value;share (for example: Gender;Woman;51%). Use the names in the list below "
            "or their codes; Dutch column names (kenmerk;waarde;aandeel) work too."
        ),
    )
    csv_text = forms.CharField(
        label=_("Or paste the lines here"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "One line per value: category;value;share. A share is a number from 0 to 1 (0.51 or 0,51), "
            "or a percentage (51%)."
        ),
    )
    tolerance = forms.IntegerField(
        label=_("Margin in seats"),
        min_value=0,
        initial=1,
        help_text=_("Each value gets share × seats, rounded, plus or minus this many seats."),
    )
    accept_gaps = forms.BooleanField(
        label=_("Save anyway: I will set the quotas for these answers by hand"),
        required=False,
    )

    def clean(self):
        data = super().clean()
        upload = data.get("csv_file")
        if upload:
            if upload.size > POPULATION_FILE_MAX_BYTES:
                raise forms.ValidationError(
                    _("The file is too large (at most %(size)s KB). A list of population shares is much smaller.")
                    % {"size": POPULATION_FILE_MAX_BYTES // 1024}
                )
            raw = upload.read(POPULATION_FILE_MAX_BYTES + 1)
            try:
                data["csv_text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                data["csv_text"] = raw.decode("cp1252", errors="replace")
        if not (data.get("csv_text") or "").strip():
            raise forms.ValidationError(_("Choose a file or paste the lines."))
        return data


class SelectionForm(StyledFormMixin, forms.Form):
    seed = forms.CharField(
        label=_("Announced seed"),
        max_length=200,
        help_text=_("Announce it before the draw, for example the numbers of a public lottery."),
    )
    algorithm = forms.ChoiceField(label=_("Method"), choices=Algorithm.choices, initial=Algorithm.LEXIMIN)
    panel_count = forms.IntegerField(
        label=_("Panels in the lottery"),
        min_value=1,
        max_value=10000,
        initial=1000,
        help_text=_("The draw picks one of this many equally likely panels."),
    )


class ReplacementForm(SelectionForm):
    dropped_out = forms.MultipleChoiceField(
        label=_("Who dropped out?"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The others stay on the panel; the draw fills the free seats."),
    )

    def __init__(self, *args, seated, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["dropped_out"].choices = [
            (str(m.participant_id), f"{m.pseudonym} – {m.participant.display_name}".rstrip(" –")) for m in seated
        ]


class ParticipantChoiceMixin:
    def _participant_field(self, hub):
        field = forms.ModelChoiceField(label=_("Person"), queryset=selectors.eligible_participants(hub))
        field.label_from_instance = lambda p: p.display_name or _("participant %(id)s") % {"id": p.pk}
        return field


class EngagementForm(ParticipantChoiceMixin, StyledFormMixin, forms.Form):
    participant = forms.ModelChoiceField(label=_("Person"), queryset=None)
    trajectory = forms.ModelChoiceField(label=_("Trajectory"), queryset=None, required=False)
    activity = forms.ModelChoiceField(label=_("Activity"), queryset=None, required=False)
    invited_on = forms.DateField(label=_("Invited on"), widget=forms.DateInput(attrs={"type": "date"}))
    took_part = forms.BooleanField(label=_("Took part"), required=False)

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"] = self._participant_field(hub)
        self.fields["trajectory"].queryset = Trajectory.objects.filter(hub=hub)
        self.fields["activity"].queryset = Activity.objects.filter(trajectory__hub=hub)
        self.fields["invited_on"].initial = timezone.localdate()
        self.fields["participant"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"


class AllowanceForm(ParticipantChoiceMixin, StyledFormMixin, forms.Form):
    participant = forms.ModelChoiceField(label=_("Person"), queryset=None)
    amount = forms.DecimalField(label=_("Amount (euro)"), min_value=0.01, max_digits=8, decimal_places=2)
    paid_on = forms.DateField(label=_("Paid on"), widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label=_("Kind"), choices=AllowanceKind.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, hub, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["participant"] = self._participant_field(hub)
        self.fields["participant"].widget.attrs["class"] = "utrecht-select utrecht-select--html-select"
        self.fields["paid_on"].initial = timezone.localdate()
