"""Dutch text addresses the reader as "u"; e-mails name the configured site, never the server's host."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation

import allauth
import pytest

from participatiehub.accounts.allauth_texts import ALLAUTH_TEXTS
from tests.factories import UserFactory

INFORMAL = re.compile(r"\b(je|jij|jou|jouw|jezelf)\b", re.IGNORECASE)
ALLAUTH_NL = Path(allauth.__file__).parent / "locale" / "nl" / "LC_MESSAGES" / "django.mo"
OUR_NL = Path(settings.BASE_DIR) / "locale" / "nl" / "LC_MESSAGES" / "django.mo"


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_every_overridden_allauth_text_is_still_allauths_own():
    with open(ALLAUTH_NL, "rb") as fh:
        catalogue = gettext.GNUTranslations(fh)._catalog
    missing = [text for text in ALLAUTH_TEXTS if text not in catalogue]
    assert not missing, "allauth no longer uses these texts (update accounts/allauth_texts.py):\n" + "\n".join(missing)


def test_allauth_texts_say_u_in_dutch():
    with translation.override("nl"):
        informal = [
            (text, translation.gettext(text)) for text in ALLAUTH_TEXTS if INFORMAL.search(translation.gettext(text))
        ]
    assert not informal, informal


def test_our_dutch_catalogue_and_templates_say_u():
    with open(OUR_NL, "rb") as fh:
        catalogue = gettext.GNUTranslations(fh)._catalog
    informal = [value for value in catalogue.values() if INFORMAL.search(str(value))]
    assert not informal, informal
    for path in Path(settings.BASE_DIR).glob("**/templates/**/*.*"):
        if path.suffix in (".html", ".txt"):
            assert not INFORMAL.search(path.read_text(encoding="utf-8")), path


@pytest.mark.django_db
def test_login_code_email_says_u_and_names_the_configured_site(client, settings):
    settings.PH_SITE_URL = "https://participatiehub.example.nl"
    settings.PH_SITE_NAME = "Participatiehub Test"
    UserFactory(email="inwoner@example.nl")
    response = client.post(reverse("account_request_login_code"), {"email": "inwoner@example.nl"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    text = f"{message.subject}\n{message.body}"
    assert message.subject == f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}Uw inlogcode"
    assert message.subject.startswith("Participatiehub")  # the setting's default, not the host name
    assert "Participatiehub Test" in message.body
    assert "https://participatiehub.example.nl" in message.body
    assert "Dit is uw code om in te loggen" in message.body
    for host in ("127.0.0.1", "localhost", "testserver"):
        assert host not in text
    assert not INFORMAL.search(text), text
    # The page where the code is typed in says "u" too.
    page = client.get(response.url)
    assert page.status_code == 200
    assert not INFORMAL.search(visible_text(page.content.decode()))


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["account_login", "account_request_login_code", "account_reset_password"])
def test_log_in_pages_say_u(client, name):
    html = client.get(reverse(name)).content.decode()
    assert '<html lang="nl"' in html
    assert not INFORMAL.search(visible_text(html)), INFORMAL.findall(visible_text(html))


@pytest.mark.django_db
def test_password_reset_email_says_u(client):
    UserFactory(email="medewerker@example.nl")
    client.post(reverse("account_reset_password"), {"email": "medewerker@example.nl"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert not INFORMAL.search(f"{message.subject}\n{message.body}"), message.body
    assert "127.0.0.1" not in message.subject and "testserver" not in message.subject
