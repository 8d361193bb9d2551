"""The signed-in user's roles for every template (the menu in base.html shows links by role)."""

from .selectors import roles_for_user


def roles(request):
    user_roles = roles_for_user(request.user) if hasattr(request, "user") else None
    coordinated = [{"slug": slug, "name": name} for slug, name in user_roles.coordinated_hubs] if user_roles else []
    return {"user_roles": user_roles, "coordinated_hubs": coordinated}
