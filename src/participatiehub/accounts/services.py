"""Writes for accounts: role assignments and invitations."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participatiehub.core.exceptions import ServiceError
from participatiehub.core.services import email_queue

from .constants import ROLE_SCOPE, Role
from .models import Invitation, RoleAssignment, User
from .selectors import clear_roles_cache


def _check_scope(role: str, hub, organisation) -> None:
    if role not in Role.values:
        raise ServiceError(_("Unknown role."))
    scope = ROLE_SCOPE[Role(role)]
    if scope == "hub" and (hub is None or organisation is not None):
        raise ServiceError(_("A hub coordinator belongs to exactly one hub. Choose the hub."))
    if scope == "organisation" and (organisation is None or hub is not None):
        raise ServiceError(_("A decision-maker belongs to an organisation. Choose the organisation."))
    if scope is None and (hub is not None or organisation is not None):
        raise ServiceError(_("This role applies nationally: do not choose a hub or organisation."))


@transaction.atomic
def role_assign(*, actor, user: User, role: str, hub=None, organisation=None) -> RoleAssignment:
    _check_scope(role, hub, organisation)
    existing = RoleAssignment.objects.active().filter(user=user, role=role, hub=hub, organisation=organisation).first()
    if existing:
        return existing
    assignment = RoleAssignment.objects.create(
        user=user, role=role, hub=hub, organisation=organisation, granted_by=actor
    )
    clear_roles_cache(user)
    return assignment


@transaction.atomic
def role_revoke(*, actor, assignment: RoleAssignment) -> None:
    RoleAssignment.objects.filter(pk=assignment.pk, revoked_at__isnull=True).update(revoked_at=timezone.now())
    clear_roles_cache(assignment.user)


@transaction.atomic
def invitation_create(*, actor, email: str, role: str, hub=None, organisation=None, base_url: str = "") -> Invitation:
    """Invite someone into a role; the e-mail with the link is sent after the transaction commits."""
    _check_scope(role, hub, organisation)
    email = email.strip().lower()
    invitation = Invitation.objects.create(email=email, role=role, hub=hub, organisation=organisation, invited_by=actor)
    scope = hub or organisation
    link = base_url.rstrip("/") + reverse("accounts:invitation", kwargs={"token": invitation.token})
    body = _(
        "Hello,\n\n"
        "You have been invited to Participatiehub as %(role)s%(scope)s.\n"
        "Open this link to accept the invitation and set your password:\n\n%(link)s\n\n"
        "The link works until %(expires)s. Did you not expect this e-mail? Then you can ignore it.\n"
    ) % {
        "role": invitation.get_role_display().lower(),
        "scope": f" ({scope})" if scope else "",
        "link": link,
        "expires": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT"),
    }
    email_queue(to=email, subject=_("Invitation to Participatiehub"), body=body, purpose="invitation")
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, password: str, full_name: str = "") -> User:
    invitation = Invitation.objects.select_for_update().filter(token=token).first()
    if invitation is None or not invitation.is_open:
        raise ServiceError(_("This invitation is no longer valid. Ask for a new invitation."))
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User.objects.create_user(email=invitation.email, password=password, full_name=full_name.strip())
    else:
        if not user.has_usable_password():
            user.set_password(password)
        if full_name and not user.full_name:
            user.full_name = full_name.strip()
        user.save()
    role_assign(
        actor=invitation.invited_by,
        user=user,
        role=invitation.role,
        hub=invitation.hub,
        organisation=invitation.organisation,
    )
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user
