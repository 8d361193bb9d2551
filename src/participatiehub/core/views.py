"""Error views that Django does not let a template alone replace."""

from django.shortcuts import render


def csrf_failure(request, reason: str = ""):
    """A form was refused by the CSRF check: say in plain words what to do, in the site's own layout."""
    return render(request, "403_csrf.html", status=403)
