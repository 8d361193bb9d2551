from django.conf import settings


def site(request):
    return {
        "SITE_NAME": settings.PH_SITE_NAME,
        "PH_ENV": settings.PH_ENV,
    }
