"""The catalogue's form for a self-reported indicator. It only shapes the input: the rules (which
sources, which dimensions and items exist, no indicator reading the same one twice) live in
services_catalogue.py. The dimensions and items are read when the form is built, not at import."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin

from . import services_catalogue
from .models import Direction, Indicator, Source

SEPARATOR = ":"


def reads_choices() -> list:
    """Grouped choices "scan:vision", "questionnaire:heard" for one select with the two sources."""
    return [
        ("", "---------"),
        (
            str(Source.SCAN.label),
            [(f"{Source.SCAN}{SEPARATOR}{code}", name) for code, name in services_catalogue.scan_dimensions()],
        ),
        (
            str(Source.QUESTIONNAIRE.label),
            [
                (f"{Source.QUESTIONNAIRE}{SEPARATOR}{code}", text)
                for code, text in services_catalogue.questionnaire_items()
            ],
        ),
    ]


class IndicatorForm(StyledFormMixin, forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=60,
        help_text=_("Short and unique, with letters, digits and underscores, e.g. scan_reach. It cannot change later."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    definition = forms.CharField(
        label=_("Definition in plain words"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What does the figure say? Write it so that every reader understands it."),
    )
    reads = forms.ChoiceField(
        label=_("What it reads"),
        help_text=_(
            "A dimension of the yearly scan (a score from 0 to 100) or a question of the questionnaire (the share of positive answers)."
        ),
    )
    method = forms.CharField(label=_("How it is computed"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    direction = forms.ChoiceField(label=_("Better when"), choices=Direction.choices, initial=Direction.HIGHER)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=10000, initial=100)
    is_public = forms.BooleanField(label=_("Shown to the public"), required=False, initial=True)
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, indicator: Indicator | None = None, **kwargs):
        if indicator is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                **{name: getattr(indicator, name) for name in ("name", "definition", "method", "direction")},
                **{name: getattr(indicator, name) for name in ("order", "is_public", "is_active", "version")},
                "reads": f"{indicator.source}{SEPARATOR}{indicator.source_key}",
            }
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["reads"].choices = reads_choices()
        if indicator is not None:
            del self.fields["code"]

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        source, _sep, key = data.pop("reads").partition(SEPARATOR)
        data.update(source=source, source_key=key)
        if self.indicator is not None:
            data["expected_version"] = data.pop("version")
        else:
            data.pop("version", None)
        return data


class CorrectionForm(StyledFormMixin, forms.Form):
    """Recompute one quarter's figures of a hub (``services.snapshot_correct``); the reason is shown with them."""

    kwartaal = forms.ChoiceField(label=_("Quarter"))
    reason = forms.CharField(
        label=_("Reason for the correction"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Everyone who sees the figures reads this reason, for example: organisations recorded late."),
    )

    def __init__(self, *args, quarters: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kwartaal"].choices = quarters
