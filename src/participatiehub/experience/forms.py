"""The questionnaire: five statements on one scale, and an optional comment."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin

from .constants import COMMENT_MAX_LENGTH, ITEMS, Answer


class QuestionnaireForm(StyledFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, label in ITEMS:
            self.fields[code] = forms.ChoiceField(
                label=label,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer. “I don't know” is an answer too.")},
            )
        self.fields["comment"] = forms.CharField(
            label=_("Is there anything else you want to tell us?"),
            help_text=_("Do not write your name or other people's names."),
            required=False,
            max_length=COMMENT_MAX_LENGTH,
            widget=forms.Textarea(attrs={"rows": 4}),
        )

    def items(self):
        """The five statement fields, in order (for the template)."""
        return [self[code] for code, _label in ITEMS]

    def answers(self) -> dict[str, str]:
        return {code: self.cleaned_data[code] for code, _label in ITEMS}
