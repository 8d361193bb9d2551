from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from participatiehub.core.forms import StyledFormMixin


class InvitationAcceptForm(StyledFormMixin, forms.Form):
    full_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 12 characters. Do not use a password you use elsewhere."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("The two passwords are not the same."))
        if p1:
            try:
                password_validation.validate_password(p1)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
