"""The invitation e-mail writes its expiry date the way every page does ("7 december 2026")."""

from __future__ import annotations

import re

from django.utils import translation

import pytest

from participatiehub.accounts import services
from participatiehub.accounts.constants import Role
from participatiehub.core.models import OutgoingEmail

pytestmark = pytest.mark.django_db

MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"


def test_the_invitation_email_gives_the_expiry_date_in_words():
    with translation.override("nl"):
        services.invitation_create(actor=None, email="nieuw@example.nl", role=Role.PROGRAMME_OFFICE)
    body = OutgoingEmail.objects.get(to="nieuw@example.nl").body
    assert re.search(rf"\b\d{{1,2}} ({MONTHS}) \d{{4}}\b", body), body
    assert not re.search(r"\d{2}-\d{2}-\d{4}", body)
