"""``manage.py demo`` on a few regions: valid histories, coalitions, networks and demo log-ins."""

from __future__ import annotations

import datetime as dt
import io
from io import StringIO

from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

import pytest

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import RoleAssignment, User
from participatiehub.demo.users import DEMO_EMAILS, DEMO_PASSWORD
from participatiehub.geo.models import RegionMembership
from participatiehub.hubs.constants import TRANSITIONS, HubStatus
from participatiehub.hubs.models import Hub
from participatiehub.network.constants import OrganisationType
from participatiehub.network.models import ContactPerson, Organisation, ParticipationBody

from .conftest import REGION_CODES

SMALL = {
    "regions": ",".join(REGION_CODES),
    "min_organisations": 25,
    "max_organisations": 40,
    "min_bodies": 15,
    "max_bodies": 20,
    # The panel (letters PDFs, a selection by lot) costs a few seconds: only the panel tests make it.
    "without_panels": True,
}


def run_demo(**options) -> str:
    out = StringIO()
    call_command("demo", stdout=out, **{**SMALL, **options})
    return out.getvalue()


def history(hub):
    return list(hub.status_changes.order_by("changed_at", "id"))


@pytest.mark.django_db
def test_demo_builds_a_hub_per_region_with_valid_histories(regions):
    output = run_demo()
    hubs = list(Hub.objects.select_related("follows_region").order_by("name"))
    assert {h.follows_region.code for h in hubs} == set(REGION_CODES)
    for hub in hubs:
        assert hub.name == f"Participatiehub {hub.follows_region.name}"
        assert hub.contact_email and hub.website
        # Coverage follows the region, from a date in 2024.
        expected = set(
            RegionMembership.objects.filter(region=hub.follows_region).values_list("municipality_id", flat=True)
        )
        coverage = list(hub.coverage.all())
        assert {c.municipality_id for c in coverage} == expected
        assert all(c.valid_from.year == 2024 and c.valid_until is None for c in coverage)
        # The history starts with the registration, follows the allowed transitions and ends in the current status.
        changes = history(hub)
        assert changes[0].from_status == "" and changes[0].to_status == HubStatus.PREPARING
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_status == before.to_status
            assert after.to_status in TRANSITIONS[before.to_status]
            assert after.changed_at > before.changed_at
        assert changes[-1].to_status == hub.status
        assert all(dt.date(2024, 1, 1) <= c.changed_at.date() <= dt.date(2026, 12, 31) for c in changes)
        # Developing and operational hubs have a complete coalition, formed before they started developing.
        members = list(hub.coalition.all())
        if hub.status in (HubStatus.DEVELOPING, HubStatus.OPERATIONAL):
            assert len(members) >= 2
        if any(c.to_status == HubStatus.DEVELOPING for c in changes):
            assert 2 <= len(members) <= 6
            assert sum(m.is_lead for m in members) == 1
            first_developing = next(c for c in changes if c.to_status == HubStatus.DEVELOPING).changed_at.date()
            assert all(m.joined_on <= first_developing for m in members)
        assert sum(m.is_lead for m in members) <= 1
        assert all(m.organisation.hub_id == hub.pk for m in members)
        # Design choices: 1 to 3 dated versions.
        versions = list(hub.design_versions.all())
        assert 1 <= len(versions) <= 3
        assert all(v.domains and v.themes and v.agreements for v in versions)
    assert "Demo klaar" in output


@pytest.mark.django_db
def test_demo_networks_are_realistic(regions):
    run_demo()
    for hub in Hub.objects.all():
        orgs = Organisation.objects.filter(hub=hub)
        municipalities = hub.coverage.count()
        assert 25 <= orgs.count() <= max(40, municipalities + 8)
        names = set(orgs.values_list("name", flat=True))
        for coverage in hub.coverage.select_related("municipality"):
            assert f"Gemeente {coverage.municipality.name}" in names
        assert orgs.filter(org_type=OrganisationType.HEALTH_INSURER).exists()
        assert orgs.filter(org_type=OrganisationType.GGD).exists()
        assert all(o.municipalities.exists() for o in orgs.prefetch_related("municipalities"))
        assert 15 <= ParticipationBody.objects.filter(hub=hub).count() <= 20
        assert ContactPerson.objects.filter(hub=hub).exists()
        assert hub.relations.exists()
    kvk = [k for k in Organisation.objects.values_list("kvk_number", flat=True) if k]
    assert len(kvk) == len(set(kvk)) and all(len(k) == 8 and k.isdigit() for k in kvk)
    assert not ContactPerson.objects.filter(legal_basis="").exists()
    assert ParticipationBody.objects.filter(name__startswith="Adviesraad Sociaal Domein").exists()


@pytest.mark.django_db
def test_demo_users_have_their_roles(regions):
    output = run_demo()
    assert set(User.objects.filter(email__in=DEMO_EMAILS).values_list("email", flat=True)) == set(DEMO_EMAILS)
    coordinator = RoleAssignment.objects.get(user__email="hubcoordinator@demo.example")
    assert coordinator.role == Role.HUB_COORDINATOR
    assert coordinator.hub.follows_region.code == "ZK23"
    assert coordinator.hub.status == HubStatus.OPERATIONAL
    decision = RoleAssignment.objects.get(user__email="beslisser@demo.example")
    assert decision.role == Role.DECISION_MAKER
    assert decision.organisation.name == "Gemeente Utrecht" and decision.organisation.hub_id == coordinator.hub_id
    assert RoleAssignment.objects.get(user__email="programmabureau@demo.example").role == Role.PROGRAMME_OFFICE
    assert RoleAssignment.objects.get(user__email="onderzoeker@demo.example").role == Role.EVALUATOR
    admin = User.objects.get(email="beheerder@demo.example")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(DEMO_PASSWORD)
    assert DEMO_PASSWORD in output and "hubcoordinator@demo.example" in output


@pytest.mark.django_db
def test_demo_twice_does_not_duplicate_and_reset_reproduces(regions):
    run_demo()
    names_before = sorted(Organisation.objects.values_list("name", flat=True))
    statuses_before = dict(Hub.objects.values_list("name", "status"))
    output = run_demo()
    assert "Er is niets veranderd" in output
    assert Hub.objects.count() == len(REGION_CODES)
    assert User.objects.filter(email__in=DEMO_EMAILS).count() == len(DEMO_EMAILS)
    run_demo(reset=True)
    assert Hub.objects.count() == len(REGION_CODES)
    assert sorted(Organisation.objects.values_list("name", flat=True)) == names_before
    assert dict(Hub.objects.values_list("name", "status")) == statuses_before


@pytest.mark.django_db
def test_demo_limits_the_number_of_hubs(regions):
    run_demo(regions="", hubs=2)
    assert Hub.objects.count() == 2
    assert Hub.objects.filter(follows_region__code="ZK23").exists()


@pytest.mark.django_db
def test_demo_without_regions_says_what_to_do(monkeypatch):
    def failing_import(name, *args, **kwargs):
        raise CommandError("Unknown command: 'import_regions'")

    monkeypatch.setattr("participatiehub.demo.management.commands.demo.call_command", failing_import)
    with pytest.raises(CommandError, match="import_regions"):
        call_command("demo", stdout=StringIO())
    assert not Hub.objects.exists()


# --- questions, trajectories, advice, answers and feedback ------------------------------------


@pytest.mark.django_db
def test_demo_questions_in_every_state_with_consistent_records(regions):
    import datetime as dt

    from django.utils import timezone

    from participatiehub.core.models import OutgoingEmail
    from participatiehub.questions.constants import TRANSITIONS as Q_TRANSITIONS
    from participatiehub.questions.constants import QuestionStatus
    from participatiehub.questions.models import PolicyQuestion
    from participatiehub.trajectories.models import TrajectoryParticipant

    S = QuestionStatus
    output = run_demo()
    questions = list(
        PolicyQuestion.objects.select_related("trajectory__advice", "trajectory__feedback").prefetch_related(
            "status_changes", "trajectory__advice__recommendations__response"
        )
    )
    assert {q.status for q in questions} == set(S.values)
    assert "Vraagstukken:" in output
    today = timezone.localdate()
    for q in questions:
        changes = sorted(q.status_changes.all(), key=lambda c: (c.changed_at, c.id))
        assert changes == sorted(q.status_changes.all(), key=lambda c: c.id), "history dated in the order written"
        assert changes[0].from_status == "" and changes[0].to_status == S.SUBMITTED
        assert changes[0].changed_at == q.submitted_at
        for before, after in zip(changes, changes[1:], strict=False):
            assert after.from_status == before.to_status
            assert (before.to_status, after.to_status) in Q_TRANSITIONS
            if after.to_status in (S.DECLINED, S.CLARIFICATION_ASKED):
                assert after.reason
        assert changes[-1].to_status == q.status, "every question's history ends in its status"
        assert dt.date(2025, 1, 1) <= changes[0].changed_at.date() and changes[-1].changed_at.date() <= today
        assert q.contact_email.endswith(".example")
        trajectory = getattr(q, "trajectory", None)
        if q.status in (S.SUBMITTED, S.CLARIFICATION_ASKED, S.ACCEPTED, S.DECLINED):
            assert trajectory is None
            continue
        assert trajectory.activities.count() >= 1 and trajectory.participants.exists()
        advice = getattr(trajectory, "advice", None)
        if q.status == S.IN_PROGRESS:
            assert advice is None or not advice.is_delivered
            continue
        assert advice.is_delivered and 2 <= len(advice.recommendations.all()) <= 6
        answered = [r for r in advice.recommendations.all() if hasattr(r, "response")]
        if q.status == S.ADVICE_DELIVERED:
            assert len(answered) < len(advice.recommendations.all())
        else:
            assert len(answered) == len(advice.recommendations.all()), "answered: a response per recommendation"
            for rec in answered:
                assert rec.response.decision == "adopted" or rec.response.reason
        feedback = getattr(trajectory, "feedback", None)
        if q.status in (S.FEEDBACK_GIVEN, S.CLOSED):
            assert feedback is not None and feedback.published_at is not None
            assert feedback.published_at.date() <= today
        else:
            assert feedback is None or feedback.published_at is None
    # Some answers are overdue: due date passed, not every recommendation answered.
    assert any(q.status == S.ADVICE_DELIVERED and q.answer_due_date < today for q in questions)
    # Only example addresses; every e-mail the services queued is in the outbox as sent, dated with its step.
    assert all(e.endswith(".example") for e in TrajectoryParticipant.objects.values_list("email", flat=True))
    assert all(e.endswith(".example") for e in User.objects.values_list("email", flat=True))
    assert all(e.endswith(".example") for e in OutgoingEmail.objects.values_list("to", flat=True))
    assert OutgoingEmail.objects.exists()
    assert not OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT).exists()
    assert all(e.created_at < e.sent_at <= timezone.now() for e in OutgoingEmail.objects.all())


@pytest.mark.django_db
def test_demo_decision_maker_has_advice_waiting_for_an_answer(regions):
    from django.utils import timezone

    from participatiehub.questions.models import PolicyQuestion

    output = run_demo()
    user = User.objects.get(email="beslisser@demo.example")
    mine = PolicyQuestion.objects.filter(asking_organisation__name="Gemeente Utrecht")
    assert mine.values("status").distinct().count() >= 4
    waiting = mine.filter(status="advice_delivered").first()
    assert waiting is not None and waiting.answer_due_date >= timezone.localdate()
    assert waiting.trajectory.advice.recommendations.filter(response__isnull=True).exists()
    assert user.has_perm("trajectories.answer_recommendations", waiting)
    assert f"/trajecten/{waiting.pk}/reactie/" in output
    assert "/vraagstukken/mijn/" in output and "/inbox/participatiehub-utrecht/" in output
    assert "/vraagstukken/" in output


@pytest.mark.django_db
def test_demo_questions_reset_reproduces(regions):
    from participatiehub.questions.models import PolicyQuestion

    run_demo()
    before = sorted(PolicyQuestion.objects.values_list("title", "status", "asking_organisation__name"))
    run_demo(reset=True)
    assert sorted(PolicyQuestion.objects.values_list("title", "status", "asking_organisation__name")) == before
    run_demo(reset=True, without_questions=True)
    assert not PolicyQuestion.objects.exists()


# --- e-mail: the outbox shows what was sent, nobody received it ---------------------------------


@pytest.mark.django_db
def test_demo_feedback_emails_are_in_the_outbox_as_sent(regions, mailoutbox):
    from participatiehub.core.models import OutgoingEmail
    from participatiehub.trajectories.models import Feedback, TrajectoryParticipant

    output = run_demo()
    feedback = list(Feedback.objects.filter(published_at__isnull=False).select_related("trajectory"))
    assert feedback
    sent = list(OutgoingEmail.objects.filter(purpose="trajectory_feedback"))
    for item in feedback:
        wanting = set(
            TrajectoryParticipant.objects.filter(trajectory=item.trajectory, wants_feedback=True).values_list(
                "email", flat=True
            )
        )
        assert wanting
        for email in wanting:
            # Dated with the publication of the feedback, not with the moment the demo ran.
            assert any(
                m.to == email
                and m.status == OutgoingEmail.Status.SENT
                and m.attempts == 1
                and abs(m.sent_at - item.published_at) < dt.timedelta(hours=1)
                for m in sent
            ), email
    assert "e-mails verstuurd" in output
    # The e-mail task's own code sent them, into the test's in-memory mailbox: nobody received them.
    assert len(mailoutbox) == OutgoingEmail.objects.count()


# --- the resident panel in the showcase hub ---------------------------------------------------


def check_published_selection(hub, output, client):
    """A finished selection whose report is public: anonymous visitors see the drawn pseudonyms."""
    from participatiehub.panels.constants import SelectionStatus
    from participatiehub.panels.models import Pool, PopulationShare, Quota, SelectedMember, Selection

    pool = Pool.objects.get(hub=hub)
    assert pool.trajectory is not None and pool.trajectory.question.hub_id == hub.pk
    assert set(PopulationShare.objects.filter(pool=pool).values_list("category", flat=True)) == set(pool.categories)
    assert Quota.objects.filter(pool=pool).count() == PopulationShare.objects.filter(pool=pool).count()
    selection = Selection.objects.get(pool=pool)
    assert selection.status == SelectionStatus.DONE and selection.published_at is not None
    assert selection.finished_at < selection.published_at < timezone.now()
    seated = list(SelectedMember.objects.filter(selection=selection, seated=True).values_list("pseudonym", flat=True))
    assert len(seated) == pool.panel_size
    url = reverse("panels:public_report", args=[hub.slug, selection.public_id])
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert all(code in page for code in seated)
    assert url in output


def check_residents(hub):
    """Residents who signed up with a letter code, with consents and answers."""
    from participatiehub.participants.constants import ConsentPurpose
    from participatiehub.participants.models import Consent, InvitationCode, Participant, SpecialAttributes

    residents = list(Participant.objects.filter(hub=hub).select_related("user"))
    assert len(residents) >= 20
    assert not Participant.objects.exclude(hub=hub).exists()
    for resident in residents:
        assert " " in resident.display_name and resident.user.email.endswith(".example")
        assert InvitationCode.objects.filter(participant=resident, used_at__isnull=False).exists()
        purposes = set(Consent.objects.filter(participant=resident).values_list("purpose", flat=True))
        assert {ConsentPurpose.PANEL, ConsentPurpose.ATTRIBUTES} <= purposes
        assert {"gender", "age_band", "education", "municipality"} <= set(resident.attributes)
        assert resident.signed_up_at < timezone.now() - dt.timedelta(days=7)
    special = SpecialAttributes.objects.filter(participant__in=residents)
    assert special.exists()
    assert all(
        Consent.objects.filter(participant=s.participant, purpose=ConsentPurpose.SPECIAL).exists() for s in special
    )


def check_letters(hub, output, client):
    """Two batches whose letters PDF the coordinator can download; a third waits for the worker."""
    from pypdf import PdfReader

    from participatiehub.participants.constants import LettersStatus
    from participatiehub.participants.letters import display_code
    from participatiehub.participants.models import InvitationBatch, InvitationCode

    batches = list(InvitationBatch.objects.filter(hub=hub).order_by("pk"))
    ready = [b for b in batches if b.letters_status == LettersStatus.READY]
    assert len(ready) == 2 and [b.letters_status for b in batches].count(LettersStatus.WAITING) == 1
    client.force_login(User.objects.get(email="hubcoordinator@demo.example"))
    for batch in ready:
        assert batch.letters_done == batch.size and batch.codes.filter(used_at__isnull=False).exists()
        response = client.get(reverse("participants:invitation_letters", args=[hub.slug, batch.pk]))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        reader = PdfReader(io.BytesIO(b"".join(response.streaming_content)))
        assert len(reader.pages) == batch.size
        code = batch.codes.order_by("pk").first().code
        assert display_code(code) in reader.pages[0].extract_text()
    assert reverse("participants:invitation_letters", args=[hub.slug, ready[0].pk]) in output
    # The log-in table offers an unused code, so a newcomer can sign up as a resident without the PDF.
    code = output.split("/aanmelden/?code=")[1][:12]
    assert InvitationCode.objects.get(code=code, batch__hub=hub).used_at is None


def check_engagements_and_allowances(hub):
    """The drawn members were invited to sessions; who came got an allowance."""
    from participatiehub.panels.models import Allowance, Engagement, SelectedMember

    seated = set(SelectedMember.objects.filter(seated=True).values_list("participant_id", flat=True))
    engagements = list(Engagement.objects.filter(hub=hub))
    assert engagements and {e.participant_id for e in engagements} == seated
    assert any(e.took_part for e in engagements)
    allowances = list(Allowance.objects.filter(hub=hub))
    assert all(a.amount > 0 and a.paid_on <= timezone.localdate() for a in allowances)
    took_part = {e.participant_id for e in engagements if e.took_part}
    assert allowances and {a.participant_id for a in allowances} <= took_part


@pytest.mark.django_db
def test_demo_panel_shows_every_capability(regions, private_files, monkeypatch, settings, client):
    """One demo run (it makes letters PDFs and runs a selection by lot), looked at from every side."""
    from participatiehub.demo.management.commands import demo as command
    from participatiehub.participants.models import InvitationBatch

    seen = []

    def spy():
        seen.append(
            (settings.TASKS["default"]["BACKEND"], list(InvitationBatch.objects.filter(letters_status="waiting")))
        )
        return 1

    monkeypatch.setattr(command, "letters_queue_waiting", spy)
    output = run_demo(regions="", hubs=2, without_panels=False)
    # The waiting batch is queued after the build, for the real task backend (the worker makes it).
    [(backend, waiting)] = seen
    assert "Dummy" not in backend
    assert len(waiting) == 1 and waiting[0].codes.count() == waiting[0].size
    hub = Hub.objects.get(follows_region__code="ZK23")
    check_residents(hub)
    check_engagements_and_allowances(hub)
    check_published_selection(hub, output, client)
    check_letters(hub, output, client)


@pytest.mark.django_db
def test_demo_reset_removes_the_panel_and_builds_it_again(regions, private_files):
    from participatiehub.participants.models import InvitationBatch, Participant

    run_demo(regions="", hubs=2, without_panels=False)
    names = sorted(Participant.objects.values_list("display_name", flat=True))
    emails = sorted(Participant.objects.values_list("user__email", flat=True))
    files = [private_files / b.letters_file.name for b in InvitationBatch.objects.exclude(letters_file="")]
    assert files and all(f.exists() for f in files)
    run_demo(regions="", hubs=2, without_panels=False, reset=True)
    assert sorted(Participant.objects.values_list("display_name", flat=True)) == names
    assert sorted(Participant.objects.values_list("user__email", flat=True)) == emails
    assert User.objects.filter(email__in=emails).count() == len(emails)
    current = {private_files / b.letters_file.name for b in InvitationBatch.objects.exclude(letters_file="")}
    assert current and not any(f.exists() for f in files if f not in current)
    # Without the panel: nothing of it is left.
    run_demo(regions="", hubs=2, reset=True)
    assert not Participant.objects.exists() and not InvitationBatch.objects.exists()
    assert not User.objects.filter(email__in=emails).exists()
    assert not any(f.exists() for f in files)
