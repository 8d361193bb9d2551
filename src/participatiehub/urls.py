from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Participatiehub administration")
admin.site.site_title = _("Participatiehub")
admin.site.index_title = _("Management")

urlpatterns = [
    path("", include("participatiehub.hubs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("account/", include("participatiehub.accounts.urls")),
    path("account/", include("allauth.urls")),
    path("netwerk/", include("participatiehub.network.urls")),
    path("", include("participatiehub.questions.urls")),
    path("trajecten/", include("participatiehub.trajectories.urls")),
    path("", include("participatiehub.participants.urls")),
    path("", include("participatiehub.panels.urls")),
    path("subsidies/", include("participatiehub.funding.urls")),
    path("scan/", include("participatiehub.scans.urls")),
    path("ervaring/", include("participatiehub.experience.urls")),
    path("monitoring/", include("participatiehub.monitoring.urls")),
    path("lessen/", include("participatiehub.learning.urls")),
    path("redactie/", include("participatiehub.redaction.urls")),
    path("rapportages/", include("participatiehub.reports.urls")),
    path("evaluatie/", include("participatiehub.evaluation.urls")),
    path("", include("participatiehub.api.urls")),  # /api/v1 (no slash at the end: docs/api.md)
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
