"""The product URLs plus ``/__bench__/minimal/``, the baseline every page is compared with."""

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [
    path("__bench__/minimal/", minimal, name="bench_minimal"),
    path("", include("participatiehub.urls")),
]
