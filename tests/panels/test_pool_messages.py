"""What a coordinator sees when something is wrong in a pool: names and labels as on the pool page, never
codes or pseudonyms; population figures typed the way the page shows them; answers without a share warned
about before anything is saved."""
# ruff: noqa: F811 - fixtures are imported from tests/panels/test_pools_support.py

from __future__ import annotations

import re
from decimal import Decimal

from django.urls import reverse
from django.utils import translation

import pytest

from participatiehub.core.exceptions import ServiceError
from participatiehub.panels import selectors, services
from participatiehub.panels.models import PoolMember, PopulationShare, Quota, Selection
from tests.panels.test_pools_support import (  # noqa: F401
    _english,
    coord,
    coord_client,
    hub,
    make_participant,
    small_pool,
)

pytestmark = pytest.mark.django_db

PSEUDONYM = re.compile(r"P-[0-9A-F]{10}")


def _join(pool, name, attributes):
    participant = make_participant(pool.hub, name=name, attributes=attributes)
    PoolMember.objects.create(pool=pool, participant=participant)
    return participant


# --- missing answers ------------------------------------------------------------------------------


def test_who_skipped_a_question_is_named_in_the_check_and_the_start_is_refused(coord_client, hub):
    pool = small_pool(hub)
    _join(pool, "Zeger Zonderleeftijd", {"gender": "man"})
    check = services.feasibility_check(pool)
    assert not check.ok
    text = " ".join(check.messages)
    assert "Zeger Zonderleeftijd" in text and "'Age'" in text and "My data" in text
    assert not PSEUDONYM.search(text) and "age_band" not in text
    page = coord_client.get(reverse("panels:pool_feasibility", args=[hub.slug, pool.pk])).content.decode()
    assert "Zeger Zonderleeftijd" in page and not PSEUDONYM.search(page)
    with pytest.raises(ServiceError) as exc:
        services.selection_start(pool=pool, actor=None, seed="1")
    assert any("Zeger Zonderleeftijd" in str(m) for m in exc.value.messages)
    assert not Selection.objects.exists()


def test_the_pool_page_lists_who_has_missing_answers_by_name(coord_client, hub):
    pool = small_pool(hub)
    _join(pool, "Zeger Zonderleeftijd", {"gender": "man"})
    _join(pool, "Nina Niks", {})
    page = coord_client.get(reverse("panels:pool_detail", args=[hub.slug, pool.pk])).content.decode()
    assert "2 people in the pool did not answer every question." in page
    assert "Zeger Zonderleeftijd: Age" in page and "Nina Niks: Gender, Age" in page
    assert page.count("Not answered") == 3


def test_a_complete_pool_shows_no_missing_answers_warning(coord_client, hub):
    pool = small_pool(hub)
    page = coord_client.get(reverse("panels:pool_detail", args=[hub.slug, pool.pk])).content.decode()
    assert "did not answer" not in page and "Not answered" not in page


def test_an_answer_without_a_quota_is_named_by_its_label(hub):
    pool = small_pool(hub)
    _join(pool, "Olle Other", {"gender": "other", "age_band": "25-34"})
    text = " ".join(services.feasibility_check(pool).messages)
    assert "Olle Other" in text and "'Gender'" in text and "Other / I'd rather describe it myself" in text
    assert "'gender'" not in text and "'other'" not in text and not PSEUDONYM.search(text)


def test_a_replacement_round_message_uses_labels(hub):
    pool = small_pool(hub)
    Quota.objects.filter(pool=pool, value="woman").update(minimum=0, maximum=0)
    women = [
        m.participant_id for m in PoolMember.objects.filter(pool=pool) if m.participant.attributes["gender"] == "woman"
    ]
    fixed = [selectors.member_pseudonym(pool.pk, pk) for pk in women[:1]]
    text = " ".join(services.feasibility_check(pool, fixed=fixed).messages)
    assert "'Gender = Woman'" in text and "gender = woman" not in text


# --- population figures ---------------------------------------------------------------------------


def test_shares_accept_dutch_headers_and_the_labels_shown_on_the_page(hub):
    pool = small_pool(hub)
    text = "Kenmerk;Waarde;Aandeel\nGeslacht;Vrouw;51%\ngeslacht;MAN;0,49\nLeeftijd;25–34;0,4\nAge;65–74;60 %\n"
    rows, errors = services.parse_population_csv(text, pool)
    assert errors == []
    assert [(r.category, r.value, r.share) for r in rows] == [
        ("gender", "woman", Decimal("0.51000")),
        ("gender", "man", Decimal("0.49000")),
        ("age_band", "25-34", Decimal("0.40000")),
        ("age_band", "65-74", Decimal("0.60000")),
    ]


def test_shares_accept_codes_and_a_decimal_comma_in_a_comma_separated_line(hub):
    pool = small_pool(hub)
    rows, errors = services.parse_population_csv("categorie,waarde,aandeel\ngender,woman,0,51\ngender,man,0.49\n", pool)
    assert errors == []
    assert [(r.value, r.share) for r in rows] == [("woman", Decimal("0.51000")), ("man", Decimal("0.49000"))]


def test_an_unknown_answer_is_refused_with_the_answers_to_choose_from(hub):
    pool = small_pool(hub)
    rows, errors = services.parse_population_csv("kenmerk;waarde;aandeel\nGeslacht;Vrouwen;0,5\n", pool)
    assert rows == [] and len(errors) == 1
    assert "'Vrouwen' is not an answer to Gender" in errors[0] and "Woman" in errors[0]


def test_the_help_text_example_is_accepted(hub):
    """What the field's help text shows as an example must itself be valid input."""
    from participatiehub.panels.forms import PopulationForm

    pool = small_pool(hub)
    for language, words in (("en", "for example"), ("nl", "bijvoorbeeld")):
        with translation.override(language):
            help_text = str(PopulationForm.base_fields["csv_file"].help_text)
        header, example = re.search(rf"^\w+: ([^ ]+) \({words}: ([^)]+)\)", help_text).groups()
        rows, errors = services.parse_population_csv(f"{header}\n{example}\n", pool)
        assert errors == [] and [(r.category, r.value) for r in rows] == [("gender", "woman")], language


def test_an_answer_in_the_pool_without_a_share_is_warned_about_and_nothing_is_saved(coord_client, hub):
    pool = small_pool(hub, quotas=False)  # 4 women and 4 men
    url = reverse("panels:pool_population", args=[hub.slug, pool.pk])
    data = {"version": pool.version, "csv_text": "kenmerk;waarde;aandeel\nGeslacht;Vrouw;100%\n", "tolerance": 1}
    preview = coord_client.post(url, {**data, "preview": "1"}).content.decode()
    assert "Gender &#x27;Man&#x27;: 4 people in the pool gave this answer, but it has no share." in preview
    assert 'name="accept_gaps"' in preview
    # Saving without ticking the box: refused, nothing stored.
    refused = coord_client.post(url, {**data, "save": "1"})
    assert refused.status_code == 200
    assert "Nothing was saved" in refused.content.decode()
    assert not PopulationShare.objects.filter(pool=pool).exists() and not Quota.objects.filter(pool=pool).exists()
    # With the box ticked it is saved as asked.
    saved = coord_client.post(url, {**data, "save": "1", "accept_gaps": "on"})
    assert saved.status_code == 302
    assert list(PopulationShare.objects.filter(pool=pool).values_list("value", flat=True)) == ["woman"]


def test_figures_that_cover_every_answer_save_without_a_warning(coord_client, hub):
    pool = small_pool(hub, quotas=False)
    url = reverse("panels:pool_population", args=[hub.slug, pool.pk])
    data = {"version": pool.version, "csv_text": "kenmerk;waarde;aandeel\nGeslacht;Vrouw;50%\nGeslacht;Man;50%\n"}
    preview = coord_client.post(url, {**data, "tolerance": 1, "preview": "1"}).content.decode()
    assert "has no share" not in preview and "Woman" in preview
    assert coord_client.post(url, {**data, "tolerance": 1, "save": "1"}).status_code == 302


def test_the_service_refuses_gaps_unless_accepted(hub):
    pool = small_pool(hub, quotas=False)
    rows = [services.QuotaRow("gender", "woman", 0, 0, share=Decimal("1"))]
    with pytest.raises(ServiceError):
        services.population_shares_save(pool=pool, actor=None, rows=rows, tolerance=1)
    assert not PopulationShare.objects.exists()
    services.population_shares_save(pool=pool, actor=None, rows=rows, tolerance=1, accept_gaps=True)
    assert PopulationShare.objects.count() == 1


# --- hostile input on the pool pages --------------------------------------------------------------


def test_a_version_that_is_no_number_is_refused_without_an_error_page(coord_client, hub):
    pool = small_pool(hub)
    for name in ("pool_relax",):
        response = coord_client.post(reverse(f"panels:{name}", args=[hub.slug, pool.pk]), {"version": "abc"})
        assert response.status_code in (200, 302)
    response = coord_client.post(
        reverse("panels:pool_edit", args=[hub.slug, pool.pk]),
        {"name": "Nieuw", "panel_size": 4, "categories": list(pool.categories), "version": "abc"},
    )
    assert response.status_code == 200
    assert "Someone else changed this pool" in response.content.decode()
    pool.refresh_from_db()
    assert pool.name != "Nieuw"


def test_a_panel_of_zero_seats_is_refused(coord_client, hub):
    pool = small_pool(hub)
    response = coord_client.post(
        reverse("panels:pool_edit", args=[hub.slug, pool.pk]),
        {"name": pool.name, "panel_size": 0, "categories": list(pool.categories), "version": pool.version},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["panel_size"]
    pool.refresh_from_db()
    assert pool.panel_size == 4


def test_a_population_file_that_is_far_too_large_is_refused(coord_client, hub):
    from django.core.files.uploadedfile import SimpleUploadedFile

    pool = small_pool(hub)
    before = list(PopulationShare.objects.filter(pool=pool).values_list("pk", flat=True))
    big = SimpleUploadedFile("shares.csv", b"gender;woman;0.5\n" * 40000, content_type="text/csv")
    response = coord_client.post(
        reverse("panels:pool_population", args=[hub.slug, pool.pk]),
        {"version": pool.version, "tolerance": 1, "csv_file": big},
    )
    assert response.status_code == 200
    assert "too large" in response.content.decode()
    assert list(PopulationShare.objects.filter(pool=pool).values_list("pk", flat=True)) == before
