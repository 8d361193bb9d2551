"""Invitations are made in the admin; who may invite is the rule accounts.invite_user (the programme office)."""

from django.contrib.auth.models import Permission
from django.urls import reverse

import pytest

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import Invitation
from tests.factories import HubFactory, UserFactory, coordinator, programme_officer

pytestmark = pytest.mark.django_db
ADD = "admin:accounts_invitation_add"


def test_the_programme_office_may_invite(client, django_capture_on_commit_callbacks):
    office = programme_officer(is_staff=True)
    assert office.has_perm("accounts.invite_user")
    client.force_login(office)
    assert client.get(reverse(ADD)).status_code == 200
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(reverse(ADD), {"email": "nieuw@example.nl", "role": Role.PROGRAMME_OFFICE})
    assert response.status_code == 302
    assert Invitation.objects.get().invited_by == office


def test_a_coordinator_may_not_invite_even_with_the_model_permission(client):
    """Staff of a hub with the admin's add permission are refused: the rule decides, not the model permission."""
    user = coordinator(HubFactory(), is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_invitation", content_type__app_label="accounts"))
    assert not user.has_perm("accounts.invite_user")
    client.force_login(user)
    assert client.get(reverse(ADD)).status_code == 403
    assert client.post(reverse(ADD), {"email": "x@example.nl", "role": Role.PROGRAMME_OFFICE}).status_code == 403
    assert not Invitation.objects.exists()


def test_staff_without_a_role_may_not_invite(client):
    client.force_login(UserFactory(is_staff=True))
    assert client.get(reverse(ADD)).status_code == 403


def test_the_invitation_page_is_gated_by_invite_user(client, monkeypatch):
    import rules

    client.force_login(programme_officer(is_staff=True))
    monkeypatch.setitem(rules.permissions.permissions, "accounts.invite_user", rules.always_deny)
    assert client.get(reverse(ADD)).status_code == 403
