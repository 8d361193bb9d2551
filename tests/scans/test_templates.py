"""Template versions: the seeded default, a published version never changes, a new version is a draft
copy, publishing, and a round keeps the version it was opened with while the next uses the new one."""

from __future__ import annotations

import pytest

from participatiehub.core.exceptions import ConcurrentEditError, ServiceError
from participatiehub.scans import selectors, services
from participatiehub.scans.constants import DIMENSION_CODES, VersionStatus
from participatiehub.scans.models import Dimension, Question, TemplateVersion

from .factories import default_version, open_round, questions_of

pytestmark = pytest.mark.django_db


def test_the_default_template_has_the_seven_dimensions_with_three_or_four_questions_on_a_1_to_5_scale():
    version = default_version()
    assert version.status == VersionStatus.PUBLISHED
    dimensions = list(version.dimensions.order_by("order"))
    assert tuple(d.code for d in dimensions) == DIMENSION_CODES
    assert dimensions[2].name == "Bereik en diversiteit: wie doet mee"
    for dimension in dimensions:
        assert 3 <= dimension.questions.count() <= 4
    scale = version.scales.get()
    assert [(p.value, p.label) for p in scale.points.all()][0] == (1, "Helemaal niet")
    assert [(p.value, p.label) for p in scale.points.all()][-1] == (5, "Helemaal wel")
    assert scale.allows_not_applicable


def test_dimension_choices_are_the_current_versions_codes_and_names():
    choices = selectors.dimension_choices()
    assert [code for code, _name in choices] == list(DIMENSION_CODES)
    assert dict(choices)["vision"] == "Visie en ambitie"


def test_a_published_version_refuses_changes(office):
    version = default_version()
    dimension = version.dimensions.first()
    with pytest.raises(ServiceError):
        services.dimension_update(actor=office, dimension=dimension, expected_version=None, name="Anders")
    with pytest.raises(ServiceError):
        services.question_add(
            actor=office, dimension=dimension, expected_version=None, text="Nieuw?", scale=version.scales.get()
        )
    dimension.refresh_from_db()
    assert dimension.name == "Visie en ambitie"


def test_a_new_version_is_a_draft_copy_and_asking_again_gives_the_same_draft(office):
    version = default_version()
    draft = services.template_draft(actor=office, template=version.template)
    assert (draft.number, draft.status) == (2, VersionStatus.DRAFT)
    assert [d.code for d in draft.dimensions.order_by("order")] == list(DIMENSION_CODES)
    assert (
        Question.objects.filter(dimension__template_version=draft).count()
        == Question.objects.filter(dimension__template_version=version).count()
    )
    assert all(
        q.scale.template_version_id == draft.pk for q in Question.objects.filter(dimension__template_version=draft)
    )
    assert services.template_draft(actor=office, template=version.template).pk == draft.pk


def test_the_round_keeps_its_version_after_the_template_changes_and_the_next_round_uses_the_new_one(office, hub):
    version = default_version()
    first = open_round(year=2026, office=office)
    before = [(q.pk, q.text) for q in questions_of(first)]
    # The office changes the template after the round opened: a draft copy, changed and published.
    draft = services.template_draft(actor=office, template=version.template)
    vision = draft.dimensions.get(code="vision")
    changed = vision.questions.order_by("order").first()
    services.question_update(
        actor=office,
        question=changed,
        expected_version=draft.version,
        text="Onze visie is samen met inwoners geschreven.",
        scale=changed.scale,
        order=changed.order,
    )
    draft.refresh_from_db()
    services.question_add(
        actor=office, dimension=vision, expected_version=draft.version, text="Nieuwe vraag?", scale=changed.scale
    )
    draft.refresh_from_db()
    services.version_publish(
        actor=office, template_version=draft, expected_version=draft.version, note="Vragen bij visie."
    )
    first.refresh_from_db()
    assert first.template_version_id == version.pk
    assert [(q.pk, q.text) for q in questions_of(first)] == before
    # The next round (another year) uses the new version with its changed questions.
    services.round_close(actor=office, scan_round=first)
    second = open_round(year=2027, office=office, version=selectors.current_version())
    texts = [q.text for q in questions_of(second)]
    assert second.template_version_id == draft.pk
    assert "Onze visie is samen met inwoners geschreven." in texts and "Nieuwe vraag?" in texts
    assert len(texts) == len(before) + 1
    assert selectors.current_version().pk == draft.pk


def test_a_stale_template_edit_saves_nothing(office):
    draft = services.template_draft(actor=office, template=default_version().template)
    dimension = draft.dimensions.get(code="reach")
    stale = draft.version
    services.dimension_update(actor=office, dimension=dimension, expected_version=stale, name="Bereik")
    with pytest.raises(ConcurrentEditError):
        services.dimension_update(actor=office, dimension=dimension, expected_version=stale, name="Iets anders")
    dimension.refresh_from_db()
    assert dimension.name == "Bereik"


def test_publishing_needs_dimensions_with_questions(office):
    version = services.template_create(actor=office, name="Korte scan")
    with pytest.raises(ServiceError, match="at least one dimension"):
        services.version_publish(actor=office, template_version=version, expected_version=None)
    services.dimension_add(actor=office, template_version=version, expected_version=None, code="vision", name="Visie")
    with pytest.raises(ServiceError, match="Visie"):
        services.version_publish(actor=office, template_version=version, expected_version=None)
    services.question_add(
        actor=office,
        dimension=version.dimensions.get(),
        expected_version=None,
        text="Is er een visie?",
        scale=version.scales.get(),
    )
    services.version_publish(actor=office, template_version=version, expected_version=None)
    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED


def test_codes_are_unique_per_version_and_a_scale_in_use_cannot_go(office):
    version = services.template_create(actor=office, name="Korte scan")
    services.dimension_add(actor=office, template_version=version, expected_version=None, code="vision", name="Visie")
    with pytest.raises(ServiceError):
        services.dimension_add(actor=office, template_version=version, expected_version=None, code="vision", name="X")
    scale = version.scales.get()
    services.question_add(
        actor=office, dimension=version.dimensions.get(), expected_version=None, text="Vraag?", scale=scale
    )
    with pytest.raises(ServiceError):
        services.scale_remove(actor=office, scale=scale, expected_version=None)
    assert Dimension.objects.filter(template_version=version).count() == 1


def test_a_scale_needs_two_to_eleven_labelled_points(office):
    version = services.template_create(actor=office, name="Korte scan")
    with pytest.raises(ServiceError):
        services.scale_add(actor=office, template_version=version, expected_version=None, name="Ja", labels=["Ja"])
    scale = services.scale_add(
        actor=office,
        template_version=version,
        expected_version=None,
        name="Nee–ja",
        labels=["Nee", "", "Ja"],
        allows_not_applicable=False,
    )
    assert [(p.value, p.label) for p in scale.points.all()] == [(1, "Nee"), (2, "Ja")]


def test_template_names_are_unique(office):
    with pytest.raises(ServiceError):
        services.template_create(actor=office, name="participatiescan")
    assert TemplateVersion.objects.filter(template__name="participatiescan").count() == 0
