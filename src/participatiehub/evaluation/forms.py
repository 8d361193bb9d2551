from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin

PURPOSE_MIN = 10
PURPOSE_MAX = 200


class ExportForm(StyledFormMixin, forms.Form):
    purpose = forms.CharField(
        label=_("What do you need the data for?"),
        help_text=_(
            "For example: the evaluation of line 2, the question about feedback. This is saved in the processing log."
        ),
        min_length=PURPOSE_MIN,
        max_length=PURPOSE_MAX,
        error_messages={
            "required": _("Fill in what you need the data for."),
            "min_length": _("Describe the purpose in at least %(limit_value)d characters."),
            "max_length": _("Describe the purpose in at most %(limit_value)d characters."),
        },
    )

    def clean_purpose(self) -> str:
        return " ".join(self.cleaned_data["purpose"].split())
