"""Publishing the transparency report of a selection, and its public page and PDF."""
# ruff: noqa: F811 - fixtures are imported from tests/panels/test_pools_support.py

from __future__ import annotations

import io
import re

from django.urls import reverse

import pytest
from pypdf import PdfReader

from participatiehub.accounts.models import User
from participatiehub.audit.models import ProcessingLogEntry
from participatiehub.panels import services
from participatiehub.panels.constants import PublicationAction
from participatiehub.panels.models import PoolMember, SelectedMember, Selection, SelectionPublication
from participatiehub.participants.models import AttributeDefinition, Participant
from tests.factories import HubFactory, coordinator, programme_officer
from tests.panels.test_pools_support import (  # noqa: F401
    _english,
    coord,
    coord_client,
    hub,
    lottery,
    make_participant,
    other_hub,
    small_pool,
)

pytestmark = pytest.mark.django_db

SPECIAL_LABEL = "Heeft u een chronische ziekte?"
SPECIAL_KEY = "chronisch"


def _pool_with_special_category(hub, *, seats=4, size=8):
    """A pool whose categories include a special-category question (as if it became special later)."""
    AttributeDefinition.objects.create(
        hub=hub, key=SPECIAL_KEY, label=SPECIAL_LABEL, options=[["ja", "Ja"], ["nee", "Nee"]], special_category=True
    )
    pool = small_pool(hub, seats=seats, size=size)
    pool.categories = [*pool.categories, SPECIAL_KEY]
    pool.save(update_fields=["categories"])
    for i, member in enumerate(PoolMember.objects.filter(pool=pool).select_related("participant")):
        member.participant.attributes[SPECIAL_KEY] = "ja" if i % 2 else "nee"
        member.participant.save(update_fields=["attributes"])
    # One volunteer with an account, so there is an e-mail address that must not show.
    user = User.objects.create_user(email="geheim.adres@example.nl", full_name="Geheime Naam")
    Participant.objects.filter(pk=PoolMember.objects.filter(pool=pool).first().participant_id).update(user=user)
    return pool


def _publish(client, hub, selection):
    return client.post(reverse("panels:transparency_publish", args=[hub.slug, selection.pk]))


def _public_url(hub, selection):
    selection.refresh_from_db()
    return reverse("panels:public_report", args=[hub.slug, selection.public_id])


@pytest.fixture
def anon():
    """A visitor who is not logged in (``client`` is the coordinator's in these tests)."""
    from django.conf import settings
    from django.test import Client

    visitor = Client()
    visitor.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return visitor


@pytest.fixture
def published(coord_client, hub, coord, lottery):
    selection = lottery(_pool_with_special_category(hub), coord)
    assert _publish(coord_client, hub, selection).status_code == 302
    selection.refresh_from_db()
    return selection


def _personal_strings(selection) -> list[str]:
    strings = []
    for participant in Participant.objects.filter(selections__selection=selection).select_related("user"):
        strings += [participant.display_name, participant.display_name.split()[-1]]
        if participant.user:
            strings += [participant.user.email, participant.user.full_name]
    return [s for s in strings if s]


def _assert_nothing_personal(text: str, selection) -> None:
    for value in _personal_strings(selection):
        assert value not in text, f"{value!r} is in the public report"
    for forbidden in (SPECIAL_LABEL, SPECIAL_KEY, "participant_id", "geheim.adres"):
        assert forbidden not in text, f"{forbidden!r} is in the public report"
    # Pseudonyms of volunteers who were not drawn are not shown either (nor any per-person chance).
    not_seated = SelectedMember.objects.filter(selection=selection, seated=False).values_list("pseudonym", flat=True)
    for pseudonym in not_seated:
        assert pseudonym not in text


# --- publishing -----------------------------------------------------------------------------------


def test_coordinator_publishes_and_withdraws(coord_client, hub, coord, lottery):
    selection = lottery(small_pool(hub), coord)
    page = coord_client.get(reverse("panels:transparency", args=[hub.slug, selection.pk])).content.decode()
    assert "Publish the report" in page and "csrfmiddlewaretoken" in page
    response = _publish(coord_client, hub, selection)
    assert response.status_code == 302
    selection.refresh_from_db()
    assert selection.published_at is not None and selection.published_by == coord
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,32}", selection.public_id)
    public_id = selection.public_id
    page = coord_client.get(reverse("panels:transparency", args=[hub.slug, selection.pk])).content.decode()
    assert _public_url(hub, selection) in page and "Withdraw the publication" in page
    # Audit: an append-only history row and a processing-log row per panel member (their pseudonyms are public).
    assert list(SelectionPublication.objects.values_list("action", "actor")) == [
        (PublicationAction.PUBLISHED, coord.pk)
    ]
    seated = set(
        SelectedMember.objects.filter(selection=selection, seated=True).values_list("participant_id", flat=True)
    )
    log = ProcessingLogEntry.objects.filter(activity="panels.transparency_publish", hub_id=hub.pk)
    assert log.count() == len(seated) and {row.actor_id for row in log} == {coord.pk}

    response = coord_client.post(reverse("panels:transparency_withdraw", args=[hub.slug, selection.pk]))
    assert response.status_code == 302
    selection.refresh_from_db()
    assert selection.published_at is None and selection.public_id == public_id
    assert coord_client.get(_public_url(hub, selection)).status_code == 404
    assert ProcessingLogEntry.objects.filter(activity="panels.transparency_withdraw").count() == len(seated)
    # Published again: the same, stable address.
    _publish(coord_client, hub, selection)
    selection.refresh_from_db()
    assert selection.public_id == public_id and selection.published_at is not None
    assert list(SelectionPublication.objects.values_list("action", flat=True)) == [
        PublicationAction.PUBLISHED,
        PublicationAction.WITHDRAWN,
        PublicationAction.PUBLISHED,
    ]


def test_twice_or_unfinished_is_refused_with_a_message(coord_client, hub, coord, lottery):
    selection = lottery(small_pool(hub), coord)
    _publish(coord_client, hub, selection)
    response = coord_client.post(reverse("panels:transparency_publish", args=[hub.slug, selection.pk]), follow=True)
    assert "already public" in response.content.decode()
    assert SelectionPublication.objects.count() == 1
    queued = services.selection_start(pool=small_pool(hub), actor=coord, seed="1")  # on_commit never runs here
    response = coord_client.post(reverse("panels:transparency_publish", args=[hub.slug, queued.pk]))
    assert response.status_code == 302
    queued.refresh_from_db()
    assert queued.published_at is None and queued.public_id is None


def test_wrong_role_or_hub_cannot_publish_or_withdraw(client, hub, coord, lottery):
    selection = lottery(small_pool(hub), coord)
    for name in ("transparency_publish", "transparency_withdraw"):
        url = reverse(f"panels:{name}", args=[hub.slug, selection.pk])
        for user in (coordinator(HubFactory(slug=f"vreemd-{name[-4:]}")), programme_officer()):
            client.force_login(user)
            assert client.post(url).status_code == 403
        client.logout()
        response = client.post(url)
        assert response.status_code == 302 and "/account/login/" in response.url
    selection.refresh_from_db()
    assert selection.published_at is None and not SelectionPublication.objects.exists()
    client.force_login(coord)
    assert client.get(reverse("panels:transparency_publish", args=[hub.slug, selection.pk])).status_code == 405


# --- the public page and PDF ----------------------------------------------------------------------


def test_anonymous_sees_the_published_report(anon, hub, published):
    response = anon.get(_public_url(hub, published))
    assert response.status_code == 200
    html = response.content.decode()
    panel = sorted(published.result["panel"])
    items = re.findall(r"<li>(P-[0-9A-F]{10})", html)
    assert sorted(items) == panel
    assert published.seed in html and published.engine_version in html and "<svg" in html
    assert "Leximin" in html
    for label in ("Gender", "Age"):  # the ordinary categories, with pool/panel/population numbers
        assert label in html
    assert reverse("panels:public_report_pdf", args=[hub.slug, published.public_id]) in html
    _assert_nothing_personal(html, published)


def test_the_coordinators_report_marks_what_the_public_version_leaves_out(coord_client, hub, published):
    page = coord_client.get(reverse("panels:transparency", args=[hub.slug, published.pk])).content.decode()
    assert SPECIAL_LABEL in page and "not in the public report" in page


def test_public_pdf_has_no_personal_or_special_data(anon, hub, published):
    response = anon.get(reverse("panels:public_report_pdf", args=[hub.slug, published.public_id]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    for code in published.result["panel"]:
        assert code in text
    assert published.seed in text
    _assert_nothing_personal(text, published)
    # The cached PDF is the same.
    again = anon.get(reverse("panels:public_report_pdf", args=[hub.slug, published.public_id]))
    assert again.content == response.content


def test_unpublished_unknown_or_other_hub_is_404(anon, hub, other_hub, coord, published, lottery):
    other = lottery(small_pool(hub), coord, seed="niet openbaar")
    urls = [
        reverse("panels:public_report", args=[other_hub.slug, published.public_id]),
        reverse("panels:public_report_pdf", args=[other_hub.slug, published.public_id]),
        reverse("panels:public_report", args=["bestaat-niet", published.public_id]),
        reverse("panels:public_report", args=[hub.slug, "onbekend-" + published.public_id[:10]]),
        reverse("panels:public_report", args=[hub.slug, str(other.pk)]),
    ]
    for url in urls:
        assert anon.get(url).status_code == 404, url
    assert anon.get(_public_url(hub, published)).status_code == 200
    Selection.objects.filter(pk=published.pk).update(published_at=None)
    assert anon.get(_public_url(hub, published)).status_code == 404
    assert anon.get(reverse("panels:public_report_pdf", args=[hub.slug, published.public_id])).status_code == 404


def test_public_report_query_count_does_not_grow_with_the_panel(
    anon, hub, coord, django_assert_max_num_queries, lottery
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = lottery(small_pool(hub, seats=2, size=4), coord, seed="klein")
    services.transparency_publish(selection=small, actor=coord)
    with CaptureQueriesContext(connection) as ctx:
        assert anon.get(_public_url(hub, small)).status_code == 200
    big = lottery(small_pool(hub, seats=6, size=12), coord, seed="groot")
    services.transparency_publish(selection=big, actor=coord)
    with django_assert_max_num_queries(len(ctx)):
        assert anon.get(_public_url(hub, big)).status_code == 200
    assert len(ctx) <= 8


def test_public_hub_page_links_only_published_reports(anon, coord_client, hub, coord, lottery):
    selection = lottery(small_pool(hub), coord)
    hub_url = reverse("hubs:public", args=[hub.slug])
    page = anon.get(hub_url).content.decode()
    assert "/loting/" not in page
    _publish(coord_client, hub, selection)
    page = anon.get(hub_url).content.decode()  # the cached page follows the publication
    assert _public_url(hub, selection) in page
    coord_client.post(reverse("panels:transparency_withdraw", args=[hub.slug, selection.pk]))
    assert "/loting/" not in anon.get(hub_url).content.decode()
