from django.conf import settings


def site(request):
    from participatiehub.accounts.selectors import roles_for_user

    roles = roles_for_user(request.user) if hasattr(request, "user") else None
    coordinated = [{"slug": slug, "name": name} for slug, name in roles.coordinated_hubs] if roles else []
    return {
        "SITE_NAME": settings.PH_SITE_NAME,
        "PH_ENV": settings.PH_ENV,
        "user_roles": roles,
        "coordinated_hubs": coordinated,
    }
