"""Reading lessons: the published ones by date and hub, the Dutch search (stemming, rank, filters, snippet)
on the database the suite runs on and on the stored stems, related and recent lessons."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

import pytest

from participatiehub.geo.constants import Layer
from participatiehub.learning import search as dutch
from participatiehub.learning import selectors
from participatiehub.learning.models import Lesson
from tests.factories import (
    HubFactory,
    HubMunicipalityFactory,
    MunicipalityFactory,
    RegionFactory,
    RegionMembershipFactory,
)

from .factories import lesson

pytestmark = pytest.mark.django_db


def _published_on(made: Lesson, day: dt.date) -> None:
    moment = timezone.make_aware(dt.datetime.combine(day, dt.time(12)))
    Lesson.objects.filter(pk=made.pk).update(published_at=moment)


def test_published_lessons_newest_first_by_date_and_hub(hub, other_hub):
    old = lesson(hub, title="Oud")
    new = lesson(other_hub, title="Nieuw")
    lesson(hub, published=False, title="Concept")
    _published_on(old, dt.date(2026, 3, 1))
    _published_on(new, dt.date(2026, 6, 1))
    assert [x.title for x in selectors.published_lessons()] == ["Nieuw", "Oud"]
    assert [x.title for x in selectors.published_lessons(start=dt.date(2026, 3, 2))] == ["Nieuw"]
    assert [x.title for x in selectors.published_lessons(end=dt.date(2026, 3, 1))] == ["Oud"]
    assert [x.title for x in selectors.published_lessons(start=dt.date(2026, 6, 1), end=dt.date(2026, 6, 1))] == [
        "Nieuw"
    ]
    assert [x.title for x in selectors.published_lessons(hub=hub)] == ["Oud"]


def test_dutch_stems_find_other_forms_of_a_word():
    assert dutch.query_stems("Ervaringsdeskundigen") == dutch.query_stems("ervaringsdeskundige")
    assert dutch.query_stems("de bijeenkomsten") == dutch.query_stems("bijeenkomst")
    assert dutch.stem_column("zorg-regio") == " zorg-regio zorg regio "


@pytest.mark.parametrize("engine", ["database", "stems"])
def test_ervaringsdeskundigen_finds_a_lesson_that_says_ervaringsdeskundige(hub, engine):
    found = lesson(
        hub, title="Betalen zonder risico", tried="Elke ervaringsdeskundige kreeg een vrijwilligersvergoeding."
    )
    lesson(hub, title="Een burgerpanel loten", tried="Wij lootten 40 inwoners uit 2000 brieven.")
    lesson(hub, title="Concept", tried="Ook een ervaringsdeskundige.", published=False)
    if engine == "database":
        results = list(selectors.search("ervaringsdeskundigen"))
    else:  # the SQLite path, also on PostgreSQL: the stored stems
        results = list(
            selectors._search_stems(selectors.published_lessons(), dutch.query_stems("ervaringsdeskundigen"))
        )
    assert [x.pk for x in results] == [found.pk]
    assert results[0].rank > 0


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's dutch text search")
def test_postgresql_keeps_a_search_vector(hub):
    made = lesson(hub, title="Ervaringsdeskundigen")
    assert "ervaringsdeskund" in str(Lesson.objects.values_list("search_vector", flat=True).get(pk=made.pk))


@pytest.mark.parametrize("engine", ["database", "stems"])
def test_every_word_must_match_and_the_title_weighs_most(hub, engine):
    in_title = lesson(hub, title="Jongeren bereiken via school", tried="Wij gingen langs.")
    in_text = lesson(hub, title="Een avond in de wijk", tried="Veel jongeren kwamen, ook via school.")
    lesson(hub, title="Ouderen", tried="Alleen ouderen, via de huisarts.")
    if engine == "database":
        results = list(selectors.search("jongeren school"))
    else:
        results = list(selectors._search_stems(selectors.published_lessons(), dutch.query_stems("jongeren school")))
    assert [x.pk for x in results] == [in_title.pk, in_text.pk]


def test_no_words_lists_everything_newest_first(hub):
    first, second = lesson(hub), lesson(hub)
    _published_on(first, dt.date(2026, 1, 1))
    assert [x.pk for x in selectors.search("  de  ")] == [second.pk, first.pk]


def test_filters_by_tag_hub_and_region(hub, other_hub):
    wozo = lesson(hub, themes=["wozo"], target_groups=["older_people"], phase="developing")
    gala = lesson(other_hub, themes=["gala"], participation_forms=["citizens_panel"])
    assert [x.pk for x in selectors.search(filters=selectors.Filters(theme="wozo"))] == [wozo.pk]
    assert [x.pk for x in selectors.search(filters=selectors.Filters(form="citizens_panel"))] == [gala.pk]
    assert [x.pk for x in selectors.search(filters=selectors.Filters(target="older_people", phase="developing"))] == [
        wozo.pk
    ]
    assert not selectors.search(filters=selectors.Filters(theme="wozo", hub=other_hub)).exists()
    # Region: the province of a municipality the hub covers today.
    province = RegionFactory(layer=Layer.PROVINCE, code="PV26", name="Utrecht")
    municipality = MunicipalityFactory()
    RegionMembershipFactory(region=province, municipality=municipality, year=timezone.localdate().year)
    HubMunicipalityFactory(hub=hub, municipality=municipality, valid_from=dt.date(2024, 1, 1))
    ended = MunicipalityFactory()
    RegionMembershipFactory(region=province, municipality=ended, year=timezone.localdate().year)
    HubMunicipalityFactory(
        hub=other_hub, municipality=ended, valid_from=dt.date(2020, 1, 1), valid_until=dt.date(2023, 12, 31)
    )
    assert [x.pk for x in selectors.search(filters=selectors.Filters(region=province))] == [wozo.pk]


def test_the_snippet_marks_the_matching_words():
    pieces = dutch.snippet(["", "Wij vroegen ervaringsdeskundigen om mee te denken."], "ervaringsdeskundige")
    assert [p.text for p in pieces if p.match] == ["ervaringsdeskundigen"]
    assert "".join(p.text for p in pieces) == "Wij vroegen ervaringsdeskundigen om mee te denken."
    long = " ".join(["woord"] * 60 + ["mantelzorgers"] + ["woord"] * 60)
    pieces = dutch.snippet([long], "mantelzorger")
    assert pieces[0].text.startswith("…") and pieces[-1].text.endswith("…")
    assert dutch.snippet(["Geen treffer hier."], "zorg")[0].text == "Geen treffer hier."


def test_related_lessons_share_tags_theme_first_published_only(hub, other_hub):
    base = lesson(hub, themes=["wozo"], participation_forms=["citizens_panel"])
    same_theme = lesson(other_hub, themes=["wozo"])
    same_form = lesson(other_hub, participation_forms=["citizens_panel"])
    both = lesson(other_hub, themes=["wozo"], participation_forms=["citizens_panel"])
    lesson(other_hub, themes=["wozo"], published=False)
    lesson(other_hub, themes=["gala"])
    assert [x.pk for x in selectors.related_lessons(base)] == [both.pk, same_theme.pk, same_form.pk]
    assert selectors.related_lessons(lesson(hub)) == []


def test_recent_lessons_is_one_query(hub, other_hub, django_assert_num_queries):
    for _ in range(3):
        lesson(hub)
        lesson(other_hub)
    with django_assert_num_queries(1):
        recent = selectors.recent_lessons(limit=5)
        assert len(recent) == 5 and all(x.hub.name for x in recent)
    with django_assert_num_queries(1):
        assert len(selectors.recent_lessons(hub=hub, limit=5)) == 3


def test_a_hubs_own_list_has_drafts_first(hub, other_hub):
    published = lesson(hub)
    draft = lesson(hub, published=False)
    lesson(other_hub)
    assert [x.pk for x in selectors.lessons_for_hub(hub)] == [draft.pk, published.pk]
    assert selectors.lesson_counts(hub) == {"draft": 1, "published": 1}


def test_a_hub_without_lessons_is_no_hub_filter_choice(hub, other_hub):
    lesson(hub)
    lesson(other_hub, published=False)
    HubFactory()
    assert list(selectors.hubs_with_lessons()) == [hub]
