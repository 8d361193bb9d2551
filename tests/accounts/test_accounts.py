from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

import pytest

from participatiehub.accounts import services
from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import Invitation, RoleAssignment, User
from participatiehub.accounts.selectors import roles_for_user
from participatiehub.core.exceptions import ServiceError
from tests.factories import HubFactory, OrganisationFactory, UserFactory, coordinator, programme_officer

pytestmark = pytest.mark.django_db


def test_role_scope_is_enforced_by_service_and_database():
    hub = HubFactory()
    user = UserFactory()
    with pytest.raises(ServiceError):
        services.role_assign(actor=None, user=user, role=Role.HUB_COORDINATOR)
    with pytest.raises(ServiceError):
        services.role_assign(actor=None, user=user, role=Role.PROGRAMME_OFFICE, hub=hub)
    with pytest.raises(IntegrityError):
        RoleAssignment.objects.create(user=user, role=Role.DECISION_MAKER, hub=hub)


def test_permissions_come_from_role_assignments():
    a, b = HubFactory(), HubFactory()
    user = coordinator(a)
    assert user.has_perm("hubs.change_hub", a)
    assert not user.has_perm("hubs.change_hub", b)
    assert not user.has_perm("hubs.change_hub_status", a)
    assert user.has_perm("network.view_network", a)
    assert not user.has_perm("network.view_network", b)
    office = programme_officer()
    assert office.has_perm("hubs.change_hub_status", a)
    assert not office.has_perm("network.view_network", a)  # no personal data of the network for the programme office


def test_revoked_role_no_longer_counts():
    hub = HubFactory()
    user = coordinator(hub)
    assignment = user.role_assignments.get()
    services.role_revoke(actor=None, assignment=assignment)
    user = User.objects.get(pk=user.pk)
    assert not roles_for_user(user).is_coordinator
    assert not user.has_perm("hubs.change_hub", hub)


def test_invitation_flow(client, django_capture_on_commit_callbacks, run_tasks):
    hub = HubFactory()
    office = programme_officer()
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            actor=office, email="Nieuw@Example.nl", role=Role.HUB_COORDINATOR, hub=hub, base_url="http://testserver"
        )
    run_tasks()
    assert len(mail.outbox) == 1
    assert invitation.token in mail.outbox[0].body
    url = reverse("accounts:invitation", args=[invitation.token])
    bad = client.post(url, {"password1": "kort", "password2": "kort"})
    assert bad.status_code == 200 and not User.objects.filter(email="nieuw@example.nl").exists()
    response = client.post(
        url,
        {
            "full_name": "Nieuwe Coördinator",
            "password1": "lang-genoeg-wachtwoord-42",
            "password2": "lang-genoeg-wachtwoord-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="nieuw@example.nl")
    assert user.has_perm("hubs.change_hub", hub)
    assert Invitation.objects.get(pk=invitation.pk).accepted_at is not None
    # Used once only.
    client.logout()
    assert client.get(url).status_code == 404


def test_invitation_needs_the_right_scope():
    with pytest.raises(ServiceError):
        services.invitation_create(actor=None, email="x@example.nl", role=Role.DECISION_MAKER)
    with pytest.raises(ServiceError):
        services.invitation_create(
            actor=None, email="x@example.nl", role=Role.EVALUATOR, organisation=OrganisationFactory()
        )
    assert not Invitation.objects.exists()


def test_login_page_renders_and_password_login_works(client):
    UserFactory(email="staf@example.nl")
    assert client.get(reverse("account_login")).status_code == 200
    response = client.post(reverse("account_login"), {"login": "staf@example.nl", "password": "demo-wachtwoord-123"})
    assert response.status_code == 302


def test_staff_without_totp_is_sent_to_mfa_setup(client, settings):
    settings.PH_STAFF_MFA_REQUIRED = True
    office = programme_officer()
    client.force_login(office)
    response = client.get(reverse("hubs:programme"))
    assert response.status_code == 302 and "/account/2fa/" in response.url
    # Residents' and decision-makers' pages are not blocked for non-staff roles.
    client.force_login(UserFactory())
    assert client.get(reverse("hubs:overview")).status_code == 200


def test_login_is_rate_limited(client, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/5m/ip,3/5m/key"}
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    UserFactory(email="staf@example.nl")
    for _ in range(3):
        response = client.post(reverse("account_login"), {"login": "staf@example.nl", "password": "fout-wachtwoord"})
        assert "Too many failed login attempts" not in response.content.decode()
    # Past the limit even the right password is refused, with a clear message.
    response = client.post(reverse("account_login"), {"login": "staf@example.nl", "password": "demo-wachtwoord-123"})
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_staff_with_totp_passes_and_the_check_is_remembered(client, settings, django_assert_max_num_queries):
    from allauth.mfa.models import Authenticator

    settings.PH_STAFF_MFA_REQUIRED = True
    office = programme_officer()
    Authenticator.objects.create(user=office, type=Authenticator.Type.TOTP, data={"secret": "x"})
    client.force_login(office)
    assert client.get(reverse("hubs:list")).status_code == 200
    assert client.session.get("ph_totp_ok") == office.pk
    Authenticator.objects.filter(user=office).delete()
    client.get("/account/2fa/")  # visiting the MFA pages forgets the remembered check
    assert client.get(reverse("hubs:programme")).status_code == 302


def test_the_password_length_message_is_dutch(client):
    """Django 5.2's message id ("%d") no longer matches its Dutch catalogue: ours translates it."""
    invitation = services.invitation_create(
        actor=programme_officer(), email="kort@example.nl", role=Role.EVALUATOR, base_url="http://testserver"
    )
    response = client.post(
        reverse("accounts:invitation", args=[invitation.token]), {"password1": "kort1", "password2": "kort1"}
    )
    page = response.content.decode()
    assert "Dit wachtwoord is te kort. Het moet minstens 12 tekens lang zijn." in page
    assert "too short" not in page
    assert not User.objects.filter(email="kort@example.nl").exists()
