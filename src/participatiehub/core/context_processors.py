from django.conf import settings


def site(request):
    from participatiehub.accounts.selectors import roles_for_user

    return {
        "SITE_NAME": "Participatiehub",
        "PH_ENV": settings.PH_ENV,
        "user_roles": roles_for_user(request.user) if hasattr(request, "user") else None,
    }
