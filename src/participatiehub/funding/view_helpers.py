"""What the funding pages share. A page with several forms maps each posted ``action`` to a handler
``(request, obj) -> a response, or the page's bound forms (a dict)``; ``post_actions`` runs it. Most
handlers are built here: ``form_action`` (a form's data to a service), ``row_action`` (a button on one
row of the page's object) and ``object_action`` (a button on the object itself). Each calls its service
with the signed-in user as ``actor``, shows its message and goes back to the page (at an anchor); a
service's refusal goes back into the form, or becomes an error message.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

#: ``url(obj, anchor)``: the page to go back to.
Url = Callable[..., str]


def require(request, perm: str, obj=None) -> None:
    """403 unless the user has ``perm`` (on ``obj``)."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def found(obj):
    """``obj``, or a 404 when a selector found nothing."""
    if obj is None:
        raise Http404
    return obj


def found_for(request, obj, perm: str, *, on_object: bool = True):
    """``obj`` for a user with ``perm`` (on ``obj``, or in general): 404 when a selector found nothing,
    403 without the permission."""
    obj = found(obj)
    require(request, perm, obj if on_object else None)
    return obj


def posted_id(request, name: str) -> int:
    """The id of a row named in the POST; anything but a number is a 404, not a 500."""
    value = request.POST.get(name, "")
    if not value.isdecimal() or len(value) > 18:
        raise Http404
    return int(value)


def posted_version(request) -> int | None:
    """The version a page posted (hidden field ``version``); None when absent."""
    value = request.POST.get("version", "")
    return int(value) if value.isdecimal() and len(value) < 10 else None


def run(request, form, save, redirect_to: str | Callable[[], str], key: str):
    """Run one form of a page: valid and accepted → ``save()``'s success message and a redirect to
    ``redirect_to`` (a callable: asked after the save); otherwise the bound form (with the service's
    refusal on it) goes back into the page under ``key``."""
    if form.is_valid():
        try:
            message = save()
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if message:
                messages.success(request, message)
            return redirect(redirect_to() if callable(redirect_to) else redirect_to)
    return {key: form}


def dispatch(request, actions: dict, redirect_to: str, *args):
    """Call the handler of the posted ``action``; a refusal outside a form becomes an error message."""
    handler = actions.get(request.POST.get("action", ""))
    if handler is None:
        return HttpResponseBadRequest(_("Unknown action."))
    try:
        return handler(request, *args)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(redirect_to)


def post_actions(request, actions: dict, redirect_to: str, obj) -> HttpResponse | dict:
    """On a POST the answer of its action: a response, or the bound forms for the page; on a GET {}."""
    if request.method != "POST":
        return {}
    return dispatch(request, actions, redirect_to, obj)


def submit(request, form, service, message: str, redirect_to: str, key: str, **objects):
    """Run ``service`` with the form's data (a ``version`` field as ``expected_version``) and ``objects``."""

    def save():
        data = dict(form.cleaned_data)
        if "version" in data:
            data["expected_version"] = data.pop("version")
        service(actor=request.user, **objects, **data)
        return message

    return run(request, form, save, redirect_to, key)


def form_action(form_class, prefix: str, service, message: str, url: Url, anchor: str = "", *, to: str, kwargs=None):
    """A handler for the form ``form_class`` (its prefix ``prefix``, back into the page as
    ``<prefix>_form``): its data go to ``service`` with the page's object under ``to``.
    ``kwargs(obj)``: what else the form is built with."""

    def handler(request, obj):
        form = form_class(request.POST, request.FILES, prefix=prefix, **(kwargs(obj) if kwargs else {}))
        return submit(request, form, service, message, url(obj, anchor), f"{prefix}_form", **{to: obj})

    return handler


def row_action(model, name: str, service, message: str, url: Url, anchor: str = "", *, of: str, versioned=False):
    """A handler for a button on one row (a ``model`` of the page's object, its field ``of``): the row's
    id is posted under ``name`` and the row goes to ``service`` under the same name."""

    def handler(request, obj):
        row = get_object_or_404(model, pk=posted_id(request, name), **{of: obj})
        extra = {"expected_version": posted_version(request)} if versioned else {}
        service(actor=request.user, **{name: row}, **extra)
        messages.success(request, message)
        return redirect(url(obj, anchor))

    return handler


def object_action(service, message: str, url: Url, anchor: str = "", *, to: str, versioned=False):
    """A handler for a button on the page's object itself: it goes to ``service`` under ``to``."""

    def handler(request, obj):
        extra = {"expected_version": posted_version(request)} if versioned else {}
        service(actor=request.user, **{to: obj}, **extra)
        messages.success(request, message)
        return redirect(url(obj, anchor))

    return handler
