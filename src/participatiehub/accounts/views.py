from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from participatiehub.core.exceptions import ServiceError

from . import services
from .forms import InvitationAcceptForm
from .models import Invitation


@require_http_methods(["GET", "POST"])
def invitation(request, token: str):
    invitation = Invitation.objects.select_related("hub", "organisation").filter(token=token).first()
    if invitation is None or not invitation.is_open:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = InvitationAcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token, password=form.cleaned_data["password1"], full_name=form.cleaned_data["full_name"]
            )
        except ServiceError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, _("Welcome! Your account is ready."))
            return redirect("hubs:overview")
    return render(request, "accounts/invitation.html", {"invitation": invitation, "form": form})
