from django.conf import settings


def site(request):
    from participatiehub.accounts.selectors import roles_for_user

    roles = roles_for_user(request.user) if hasattr(request, "user") else None
    coordinated = []
    if roles is not None:
        coordinated = sorted(
            {a.hub_id: a.hub for a in roles.assignments if a.hub_id and a.hub_id in roles.hub_ids}.values(),
            key=lambda hub: hub.name,
        )
    return {
        "SITE_NAME": "Participatiehub",
        "PH_ENV": settings.PH_ENV,
        "user_roles": roles,
        "coordinated_hubs": coordinated,
    }
