"""The tables of the evaluator export: each one its columns (the codebook) and its rows.

Read-only, across every hub and all time, straight from the apps' models and selectors below this
layer (as ``monitoring.indicators`` does). What never leaves: names, e-mail addresses, phone numbers,
addresses, places, birth dates, postcodes, attributes of residents, document files. Persons appear only
by pseudonym (``pseudonyms.Pseudonymiser``: per recipient); records by pseudonym too, except hubs (by
their public slug), organisations (their public name), indicators and scan dimensions (their codes).
Free texts go through the ``TextCleaner`` (``redact.py``). Every count of persons passes through
``suppression``. Each table reads in a fixed number of queries, whatever the number of rows (the rows
are streamed with ``iterator``).

The codebook's descriptions are Dutch data (like the indicator catalogue), not interface text.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby

from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from participatiehub.accounts.constants import Role
from participatiehub.accounts.models import RoleAssignment
from participatiehub.experience import selectors as experience_selectors
from participatiehub.experience.constants import ITEMS
from participatiehub.experience.models import QuestionnaireResponse
from participatiehub.funding.constants import AdvanceStatus, GrantStatus
from participatiehub.funding.models import AdvancePayment, Grant, Reclaim, Settlement
from participatiehub.hubs.constants import Agreement, HubStatus, LegalForm, ParticipationForm
from participatiehub.hubs.models import DesignChoices, Hub, HubMunicipality, HubStatusChange
from participatiehub.learning import selectors as learning_selectors
from participatiehub.learning.constants import PHASE_CHOICES, TargetGroup
from participatiehub.monitoring.models import Indicator, SnapshotValue, Source, Unit
from participatiehub.monitoring.periods import Quarter
from participatiehub.panels.constants import PoolStatus, SelectionStatus
from participatiehub.panels.models import (
    Engagement,
    Pool,
    PoolMember,
    PopulationShare,
    Quota,
    SelectedMember,
    Selection,
)
from participatiehub.participants.models import Participant
from participatiehub.questions.constants import Actor as QuestionActor
from participatiehub.questions.constants import LadderRung, QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange
from participatiehub.scans import selectors as scan_selectors
from participatiehub.scans.models import ScanRound
from participatiehub.trajectories.constants import ActivityKind, Decision
from participatiehub.trajectories.models import (
    Activity,
    Advice,
    Feedback,
    Recommendation,
    Response,
    Trajectory,
    TrajectoryParticipant,
)

from .pseudonyms import Pseudonymiser
from .suppression import persons, persons_group

CHUNK = 2000
CENTS = Decimal("0.01")

# Column types (the codebook explains them in README.txt).
TEXT = "tekst"
FREE_TEXT = "vrije tekst (geredigeerd)"
CODE = "code"
CODES = "codes (gescheiden door |)"
INTEGER = "geheel getal"
DECIMAL = "decimaal getal"
DATE = "datum (JJJJ-MM-DD)"
MONTH = "maand (JJJJ-MM)"
QUARTER = "kwartaal (JJJJ-Kn)"
BOOLEAN = "1 = ja, 0 = nee"
PSEUDONYM = "pseudoniem"
PERSONS = "aantal personen"

SUPPRESS = "1 tot 4 personen: <5"
SUPPRESS_GROUP = "1 tot 4 personen: <5; daarnaast * als aanvulling (zie README.txt)"


@dataclass
class Context:
    pseudo: Pseudonymiser
    clean: Callable[[str | None], str]
    now: dt.datetime = field(default_factory=timezone.now)


@dataclass(frozen=True)
class Column:
    name: str
    type: str
    description: str
    unit: str = ""
    suppression: str = ""
    source: str = ""
    values: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Context], Iterable[Sequence]]

    @property
    def filename(self) -> str:
        return f"{self.name}.csv"


def codes(choices) -> str:
    """The codes of a TextChoices class with their (translated) labels, for the codebook."""
    return "; ".join(f"{value} = {label}" for value, label in choices.choices)


def day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return value.isoformat()


def month(value: dt.date | None) -> str:
    return value.strftime("%Y-%m") if value else ""


def quarter(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return str(Quarter.of(value))


def flag(value: bool | None) -> int | None:
    return None if value is None else int(bool(value))


def money(value) -> Decimal | None:
    """An amount in euros with two decimals (SQLite's sums come back as numbers of any kind)."""
    return None if value is None else Decimal(str(value)).quantize(CENTS)


def joined(values) -> str:
    return "|".join(str(v) for v in (values or []) if str(v).strip())


def _count(model, link: str, **filters) -> Subquery:
    """The number of ``model`` rows pointing at the outer row through ``link`` (a subquery: no join)."""
    return Coalesce(
        Subquery(
            model.objects.filter(**{link: OuterRef("pk")}, **filters)
            .order_by()
            .values(link)
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )


def _stream(queryset, *fields):
    return queryset.order_by("pk").values_list(*fields).iterator(chunk_size=CHUNK)


# --- hubs ---------------------------------------------------------------------------------------------

HUB = Column("hub", CODE, "De hub (de korte naam in het webadres van de openbare hubpagina).", source="hubs.Hub.slug")


def hub_rows(ctx: Context):
    today = timezone.localdate()
    covered = Coalesce(
        Subquery(
            HubMunicipality.objects.filter(hub=OuterRef("pk"), valid_from__lte=today)
            .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))
            .order_by()
            .values("hub")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )
    legal = Subquery(
        DesignChoices.objects.filter(hub=OuterRef("pk")).order_by("-valid_from", "-pk").values("legal_form")[:1]
    )
    rows = (
        Hub.objects.annotate(covered=covered, legal=legal)
        .order_by("slug")
        .values_list(
            "slug", "name", "status", "follows_region__name", "created_at", "feedback_window_weeks", "covered", "legal"
        )
    )
    for slug, name, status, region, created, weeks, covered_count, legal_form in rows.iterator(chunk_size=CHUNK):
        yield [slug, name, status, region or "", day(created), weeks, covered_count, legal_form or ""]


HUBS = Table(
    "hubs",
    "De hubs (openbaar): één regel per hub.",
    (
        HUB,
        Column("name", TEXT, "De naam van de hub (openbaar).", source="hubs.Hub.name"),
        Column("status", CODE, "De status van de hub nu.", values=codes(HubStatus), source="hubs.Hub.status"),
        Column("region", TEXT, "De zorgkantoorregio die de hub volgt (leeg: geen).", source="hubs.Hub.follows_region"),
        Column("registered_on", DATE, "De dag waarop de hub is geregistreerd.", source="hubs.Hub.created_at"),
        Column(
            "feedback_window_weeks",
            INTEGER,
            "Binnen hoeveel weken de hub deelnemers wil terugkoppelen.",
            unit="weken",
            source="hubs.Hub.feedback_window_weeks",
        ),
        Column(
            "municipalities",
            INTEGER,
            "Het aantal gemeenten in het gebied van de hub op de dag van de export.",
            unit="gemeenten",
            source="hubs.HubMunicipality",
        ),
        Column(
            "legal_form",
            CODE,
            "De rechtsvorm in de laatste vastgelegde ontwerpkeuzes (leeg: nog niet vastgelegd).",
            values=codes(LegalForm),
            source="hubs.DesignChoices.legal_form",
        ),
    ),
    hub_rows,
)


def hub_status_rows(ctx: Context):
    rows = HubStatusChange.objects.order_by("hub__slug", "changed_at", "pk").values_list(
        "hub__slug", "from_status", "to_status", "changed_at"
    )
    for slug, before, after, at in rows.iterator(chunk_size=CHUNK):
        yield [slug, before or "", after, day(at)]


HUB_STATUS = Table(
    "hub_status_changes",
    "Elke statuswijziging van een hub, in volgorde van tijd.",
    (
        HUB,
        Column("from_status", CODE, "De status ervoor (leeg: de eerste status).", values=codes(HubStatus)),
        Column("to_status", CODE, "De nieuwe status.", values=codes(HubStatus)),
        Column("changed_on", DATE, "De dag van de wijziging.", source="hubs.HubStatusChange.changed_at"),
    ),
    hub_status_rows,
)


# --- questions ----------------------------------------------------------------------------------------

QUESTION_ID = Column(
    "question_id", PSEUDONYM, "Het vraagstuk (pseudoniem, vast per ontvanger).", source="questions.PolicyQuestion"
)
TRAJECTORY_ID = Column(
    "trajectory_id", PSEUDONYM, "Het traject (pseudoniem, vast per ontvanger).", source="trajectories.Trajectory"
)


def question_rows(ctx: Context):
    rows = _stream(
        PolicyQuestion.objects.all(),
        "pk",
        "hub__slug",
        "asking_organisation__name",
        "submitted_at",
        "created_at",
        "status",
        "promised_rung",
        "agreements",
        "themes",
        "decision_date",
        "answer_due_date",
        "entered_on_behalf",
        "submitted_by_id",
        "title",
        "summary",
    )
    for (
        pk,
        hub,
        organisation,
        submitted,
        created,
        status,
        rung,
        agreements,
        themes,
        decision_date,
        due,
        on_behalf,
        by,
        title,
        summary,
    ) in rows:
        yield [
            ctx.pseudo("question", pk),
            hub,
            organisation or "",
            day(submitted or created),
            status,
            rung,
            joined(agreements),
            ctx.clean(joined(themes)),
            day(decision_date),
            day(due),
            flag(on_behalf),
            ctx.pseudo("user", by),
            ctx.clean(title),
            ctx.clean(summary),
        ]


QUESTIONS = Table(
    "questions",
    "De vraagstukken die beslissers aan een hub voorlegden: één regel per vraagstuk.",
    (
        QUESTION_ID,
        HUB,
        Column(
            "asking_organisation",
            TEXT,
            "De organisatie die de vraag stelde (openbaar).",
            source="network.Organisation.name",
        ),
        Column(
            "submitted_on",
            DATE,
            "De dag van indienen (of van vastleggen, als het nog niet is ingediend).",
            source="questions.PolicyQuestion.submitted_at",
        ),
        Column("status", CODE, "De status nu.", values=codes(QuestionStatus), source="questions.PolicyQuestion.status"),
        Column(
            "promised_rung",
            CODE,
            "De beloofde trede op de participatieladder.",
            values=codes(LadderRung),
            source="questions.PolicyQuestion.promised_rung",
        ),
        Column(
            "agreements",
            CODES,
            "De akkoorden waar de vraag onder valt.",
            values=codes(Agreement),
            source="questions.PolicyQuestion.agreements",
        ),
        Column(
            "themes",
            CODES,
            "De thema's van de vraag (vrij ingevuld, geredigeerd).",
            source="questions.PolicyQuestion.themes",
        ),
        Column(
            "decision_date",
            DATE,
            "Wanneer het besluit valt (leeg: onbekend).",
            source="questions.PolicyQuestion.decision_date",
        ),
        Column(
            "answer_due_date",
            DATE,
            "Tot wanneer de beslisser mag antwoorden.",
            source="questions.PolicyQuestion.answer_due_date",
        ),
        Column(
            "entered_on_behalf",
            BOOLEAN,
            "De hub zette de vraag in namens de beslisser.",
            source="questions.PolicyQuestion.entered_on_behalf",
        ),
        Column(
            "submitted_by",
            PSEUDONYM,
            "Wie de vraag indiende (pseudoniem van het account; leeg: onbekend).",
            source="questions.PolicyQuestion.submitted_by",
        ),
        Column("title", FREE_TEXT, "De titel van de vraag.", source="questions.PolicyQuestion.title"),
        Column("summary", FREE_TEXT, "De samenvatting van de vraag.", source="questions.PolicyQuestion.summary"),
    ),
    question_rows,
)


def question_status_rows(ctx: Context):
    rows = _stream(QuestionStatusChange.objects.all(), "question_id", "from_status", "to_status", "changed_at", "actor")
    for question, before, after, at, actor in rows:
        yield [ctx.pseudo("question", question), before or "", after, day(at), actor]


QUESTION_STATUS = Table(
    "question_status_changes",
    "Elke statuswijziging van een vraagstuk.",
    (
        QUESTION_ID,
        Column("from_status", CODE, "De status ervoor (leeg: de eerste status).", values=codes(QuestionStatus)),
        Column("to_status", CODE, "De nieuwe status.", values=codes(QuestionStatus)),
        Column("changed_on", DATE, "De dag van de wijziging.", source="questions.QuestionStatusChange.changed_at"),
        Column(
            "actor",
            CODE,
            "Wie de status veranderde (de rol, geen persoon).",
            values=codes(QuestionActor),
            source="questions.QuestionStatusChange.actor",
        ),
    ),
    question_status_rows,
)


# --- trajectories -------------------------------------------------------------------------------------


def trajectory_rows(ctx: Context):
    queryset = Trajectory.objects.annotate(
        n_activities=_count(Activity, "trajectory"),
        n_listed=_count(TrajectoryParticipant, "trajectory"),
        n_feedback=_count(TrajectoryParticipant, "trajectory", wants_feedback=True),
        n_invited=_count(Engagement, "trajectory"),
        n_took_part=_count(Engagement, "trajectory", took_part=True),
        n_bodies=Coalesce(
            Subquery(
                Trajectory.bodies.through.objects.filter(trajectory=OuterRef("pk"))
                .order_by()
                .values("trajectory")
                .annotate(n=Count("pk"))
                .values("n")
            ),
            0,
        ),
    )
    rows = _stream(
        queryset,
        "pk",
        "question_id",
        "hub__slug",
        "forms",
        "delivered_rung",
        "started_on",
        "n_bodies",
        "n_activities",
        "n_listed",
        "n_feedback",
        "n_invited",
        "n_took_part",
        "description",
    )
    for pk, question, hub, forms, rung, started, bodies, activities, listed, wants, invited, took, text in rows:
        yield [
            ctx.pseudo("trajectory", pk),
            ctx.pseudo("question", question),
            hub,
            joined(forms),
            rung,
            day(started),
            bodies,
            activities,
            persons(listed),
            persons(wants),
            persons(invited),
            persons(took),
            ctx.clean(text),
        ]


TRAJECTORIES = Table(
    "trajectories",
    "De participatietrajecten: één regel per traject, met aantallen.",
    (
        TRAJECTORY_ID,
        QUESTION_ID,
        HUB,
        Column(
            "forms",
            CODES,
            "De vormen van participatie in het traject.",
            values=codes(ParticipationForm),
            source="trajectories.Trajectory.forms",
        ),
        Column(
            "delivered_rung",
            CODE,
            "De trede op de participatieladder die deelnemers echt kregen (leeg: nog niet vastgelegd).",
            values=codes(LadderRung),
            source="trajectories.Trajectory.delivered_rung",
        ),
        Column("started_on", DATE, "De startdatum van het traject.", source="trajectories.Trajectory.started_on"),
        Column(
            "bodies",
            INTEGER,
            "Het aantal participatieorganen dat meedeed.",
            unit="organen",
            source="trajectories.Trajectory.bodies",
        ),
        Column(
            "activities",
            INTEGER,
            "Het aantal activiteiten (bijeenkomsten, enquêtes en dergelijke).",
            unit="activiteiten",
            source="trajectories.Activity",
        ),
        Column(
            "persons_listed",
            PERSONS,
            "Het aantal deelnemers op de lijst voor terugkoppeling.",
            unit="personen",
            suppression=SUPPRESS,
            source="trajectories.TrajectoryParticipant",
        ),
        Column(
            "persons_wanting_feedback",
            PERSONS,
            "Hoeveel van hen terugkoppeling willen.",
            unit="personen",
            suppression=SUPPRESS,
            source="trajectories.TrajectoryParticipant.wants_feedback",
        ),
        Column(
            "panel_invitations",
            PERSONS,
            "Het aantal uitnodigingen aan panelleden voor dit traject (één per persoon per activiteit).",
            unit="uitnodigingen van personen",
            suppression=SUPPRESS,
            source="panels.Engagement",
        ),
        Column(
            "panel_took_part",
            PERSONS,
            "Hoeveel van die uitnodigingen leidden tot meedoen.",
            unit="uitnodigingen van personen",
            suppression=SUPPRESS,
            source="panels.Engagement.took_part",
        ),
        Column(
            "description", FREE_TEXT, "De beschrijving van het traject.", source="trajectories.Trajectory.description"
        ),
    ),
    trajectory_rows,
)


def activity_rows(ctx: Context):
    rows = _stream(
        Activity.objects.all(), "pk", "trajectory_id", "kind", "held_on", "online", "participant_count", "title"
    )
    for pk, trajectory, kind, held, online, count, title in rows:
        yield [
            ctx.pseudo("activity", pk),
            ctx.pseudo("trajectory", trajectory),
            kind,
            day(held),
            flag(online),
            persons(count),
            ctx.clean(title),
        ]


ACTIVITIES = Table(
    "activities",
    "De activiteiten van de trajecten. De plaats staat er niet in (dat kan een adres zijn).",
    (
        Column("activity_id", PSEUDONYM, "De activiteit (pseudoniem).", source="trajectories.Activity"),
        TRAJECTORY_ID,
        Column("kind", CODE, "Het soort activiteit.", values=codes(ActivityKind), source="trajectories.Activity.kind"),
        Column("held_on", DATE, "De dag van de activiteit.", source="trajectories.Activity.held_on"),
        Column("online", BOOLEAN, "Online gehouden.", source="trajectories.Activity.online"),
        Column(
            "participant_count",
            PERSONS,
            "Het aantal deelnemers (zoals de hub het invulde).",
            unit="personen",
            suppression=SUPPRESS,
            source="trajectories.Activity.participant_count",
        ),
        Column("title", FREE_TEXT, "De titel van de activiteit.", source="trajectories.Activity.title"),
    ),
    activity_rows,
)

ADVICE_ID = Column("advice_id", PSEUDONYM, "Het advies (pseudoniem).", source="trajectories.Advice")


def advice_rows(ctx: Context):
    rows = _stream(
        Advice.objects.annotate(n=_count(Recommendation, "advice")),
        "pk",
        "trajectory_id",
        "delivered_at",
        "n",
        "summary",
        "what_participants_said",
    )
    for pk, trajectory, delivered, n, summary, said in rows:
        yield [
            ctx.pseudo("advice", pk),
            ctx.pseudo("trajectory", trajectory),
            day(delivered),
            n,
            ctx.clean(summary),
            ctx.clean(said),
        ]


ADVICE = Table(
    "advice",
    "De adviezen aan de beslissers: één regel per advies.",
    (
        ADVICE_ID,
        TRAJECTORY_ID,
        Column(
            "delivered_on",
            DATE,
            "De dag waarop het advies is uitgebracht (leeg: nog niet).",
            source="trajectories.Advice.delivered_at",
        ),
        Column(
            "recommendations",
            INTEGER,
            "Het aantal aanbevelingen.",
            unit="aanbevelingen",
            source="trajectories.Recommendation",
        ),
        Column("summary", FREE_TEXT, "De samenvatting van het advies.", source="trajectories.Advice.summary"),
        Column(
            "what_participants_said",
            FREE_TEXT,
            "Wat deelnemers zeiden.",
            source="trajectories.Advice.what_participants_said",
        ),
    ),
    advice_rows,
)


def recommendation_rows(ctx: Context):
    answer = Response.objects.filter(recommendation=OuterRef("pk")).order_by("-recorded_at", "-pk")
    queryset = Recommendation.objects.annotate(
        decision=Subquery(answer.values("decision")[:1]),
        decided_on=Subquery(answer.values("decided_on")[:1]),
        reason=Subquery(answer.values("reason")[:1]),
        responded_by=Subquery(answer.values("responded_by")[:1]),
        recorded_at=Subquery(answer.values("recorded_at")[:1]),
    )
    rows = _stream(
        queryset, "pk", "advice_id", "number", "text", "decision", "decided_on", "recorded_at", "responded_by", "reason"
    )
    for pk, advice, number, text, decision, decided, recorded, by, reason in rows:
        yield [
            ctx.pseudo("recommendation", pk),
            ctx.pseudo("advice", advice),
            number,
            ctx.clean(text),
            decision or "",
            day(decided),
            day(recorded),
            ctx.pseudo("user", by),
            ctx.clean(reason),
        ]


RECOMMENDATIONS = Table(
    "recommendations",
    "De aanbevelingen, elk met het antwoord van de beslisser (leeg: nog geen antwoord).",
    (
        Column("recommendation_id", PSEUDONYM, "De aanbeveling (pseudoniem).", source="trajectories.Recommendation"),
        ADVICE_ID,
        Column(
            "number",
            INTEGER,
            "Het nummer van de aanbeveling in het advies.",
            source="trajectories.Recommendation.number",
        ),
        Column("text", FREE_TEXT, "De aanbeveling.", source="trajectories.Recommendation.text"),
        Column(
            "decision",
            CODE,
            "Wat de beslisser ermee deed (leeg: nog geen antwoord).",
            values=codes(Decision),
            source="trajectories.Response.decision",
        ),
        Column("decided_on", DATE, "De dag van het besluit.", source="trajectories.Response.decided_on"),
        Column(
            "answered_on", DATE, "De dag waarop het antwoord is vastgelegd.", source="trajectories.Response.recorded_at"
        ),
        Column(
            "answered_by",
            PSEUDONYM,
            "Wie antwoordde (pseudoniem van het account).",
            source="trajectories.Response.responded_by",
        ),
        Column("reason", FREE_TEXT, "De uitleg van de beslisser.", source="trajectories.Response.reason"),
    ),
    recommendation_rows,
)


def feedback_rows(ctx: Context):
    rows = _stream(
        Feedback.objects.all(),
        "pk",
        "trajectory_id",
        "published_at",
        "published_by_id",
        "what_was_asked",
        "what_participants_said",
        "closing_words",
    )
    for pk, trajectory, published, by, asked, said, closing in rows:
        yield [
            ctx.pseudo("feedback", pk),
            ctx.pseudo("trajectory", trajectory),
            day(published),
            ctx.pseudo("user", by),
            ctx.clean(asked),
            ctx.clean(said),
            ctx.clean(closing),
        ]


FEEDBACK = Table(
    "feedback",
    "De terugkoppelingen aan deelnemers.",
    (
        Column("feedback_id", PSEUDONYM, "De terugkoppeling (pseudoniem).", source="trajectories.Feedback"),
        TRAJECTORY_ID,
        Column(
            "published_on",
            DATE,
            "De dag van versturen (leeg: nog niet verstuurd).",
            source="trajectories.Feedback.published_at",
        ),
        Column(
            "published_by",
            PSEUDONYM,
            "Wie verstuurde (pseudoniem van het account).",
            source="trajectories.Feedback.published_by",
        ),
        Column("what_was_asked", FREE_TEXT, "Wat er gevraagd was.", source="trajectories.Feedback.what_was_asked"),
        Column(
            "what_participants_said",
            FREE_TEXT,
            "Wat deelnemers zeiden.",
            source="trajectories.Feedback.what_participants_said",
        ),
        Column("closing_words", FREE_TEXT, "Het slotwoord.", source="trajectories.Feedback.closing_words"),
    ),
    feedback_rows,
)


# --- residents and panels -----------------------------------------------------------------------------


def participant_rows(ctx: Context):
    seated = Coalesce(
        Subquery(
            SelectedMember.objects.filter(
                participant=OuterRef("pk"), seated=True, selection__status=SelectionStatus.DONE
            )
            .order_by()
            .values("participant")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        0,
    )
    queryset = Participant.objects.filter(erased_at__isnull=True).annotate(
        n_invited=_count(Engagement, "participant"),
        n_took_part=_count(Engagement, "participant", took_part=True),
        n_pools=_count(PoolMember, "participant"),
        n_seated=seated,
    )
    rows = _stream(queryset, "pk", "hub__slug", "signed_up_at", "n_pools", "n_seated", "n_invited", "n_took_part")
    for pk, hub, signed_up, pools, seats, invited, took in rows:
        yield [ctx.pseudo("participant", pk), hub, quarter(signed_up), pools, seats, invited, took]


PARTICIPANTS = Table(
    "participants",
    "Inwoners die zich aanmeldden voor panels: één regel per persoon, zonder naam of kenmerken. Wie "
    "zijn gegevens liet wissen, staat er niet in (en telt alleen mee in de aantallen van andere tabellen).",
    (
        Column(
            "participant", PSEUDONYM, "De inwoner (pseudoniem, vast per ontvanger).", source="participants.Participant"
        ),
        HUB,
        Column(
            "signed_up_quarter", QUARTER, "Het kwartaal van aanmelden.", source="participants.Participant.signed_up_at"
        ),
        Column(
            "pools",
            INTEGER,
            "In hoeveel pools voor een loting de persoon zat.",
            unit="pools",
            source="panels.PoolMember",
        ),
        Column(
            "times_seated",
            INTEGER,
            "Hoe vaak de persoon werd geloot voor een panel.",
            unit="lotingen",
            source="panels.SelectedMember.seated",
        ),
        Column(
            "invitations",
            INTEGER,
            "Hoe vaak de persoon werd uitgenodigd om mee te doen.",
            unit="uitnodigingen",
            source="panels.Engagement",
        ),
        Column("took_part", INTEGER, "Hoe vaak de persoon meedeed.", unit="keer", source="panels.Engagement.took_part"),
    ),
    participant_rows,
)

POOL_ID = Column("pool_id", PSEUDONYM, "De pool voor een loting (pseudoniem).", source="panels.Pool")


def _latest_done() -> dict[int, tuple[int, dt.datetime | None]]:
    """pool id → (id, finished at) of its latest finished selection."""
    selections = Selection.objects.filter(status=SelectionStatus.DONE)
    latest: dict[int, tuple[int, dt.datetime | None]] = {}
    for pk, pool_id, finished in selections.order_by("pool_id", "finished_at", "pk").values_list(
        "pk", "pool_id", "finished_at"
    ):
        latest[pool_id] = (pk, finished)
    return latest


def pool_rows(ctx: Context):
    latest = _latest_done()
    seated = Counter(
        SelectedMember.objects.filter(selection_id__in=[pk for pk, _ in latest.values()], seated=True)
        .order_by()
        .values_list("selection_id", flat=True)
    )
    queryset = Pool.objects.annotate(
        n_members=_count(PoolMember, "pool", withdrawn_at__isnull=True),
        n_selections=_count(Selection, "pool", status=SelectionStatus.DONE),
    )
    rows = _stream(
        queryset,
        "pk",
        "hub__slug",
        "trajectory_id",
        "panel_size",
        "status",
        "one_per_household",
        "categories",
        "created_at",
        "n_members",
        "n_selections",
    )
    for pk, hub, trajectory, size, status, household, categories, created, members, selections in rows:
        selection, finished = latest.get(pk, (None, None))
        yield [
            ctx.pseudo("pool", pk),
            hub,
            ctx.pseudo("trajectory", trajectory),
            size,
            status,
            flag(household),
            joined(categories),
            day(created),
            persons(members),
            selections,
            persons(seated.get(selection, 0)) if selection else None,
            day(finished),
        ]


POOLS = Table(
    "pools",
    "De pools voor lotingen (burgerpanels, burgerberaden): grootte, lotingen en wie er geloot is.",
    (
        POOL_ID,
        HUB,
        Column("trajectory_id", PSEUDONYM, "Het traject van de pool (leeg: geen).", source="panels.Pool.trajectory"),
        Column(
            "panel_size", INTEGER, "Het aantal plaatsen in het panel.", unit="plaatsen", source="panels.Pool.panel_size"
        ),
        Column(
            "status", CODE, "Open voor aanmelden of gesloten.", values=codes(PoolStatus), source="panels.Pool.status"
        ),
        Column(
            "one_per_household",
            BOOLEAN,
            "Ten hoogste één persoon per huishouden.",
            source="panels.Pool.one_per_household",
        ),
        Column("categories", CODES, "De kenmerken waarop de quota liggen.", source="panels.Pool.categories"),
        Column("created_on", DATE, "De dag waarop de pool is gemaakt.", source="panels.Pool.created_at"),
        Column(
            "members",
            PERSONS,
            "Het aantal mensen in de pool nu (zonder wie zich terugtrok).",
            unit="personen",
            suppression=SUPPRESS,
            source="panels.PoolMember",
        ),
        Column("selections", INTEGER, "Het aantal afgeronde lotingen.", unit="lotingen", source="panels.Selection"),
        Column(
            "seated",
            PERSONS,
            "Het aantal gelote panelleden in de laatste afgeronde loting (leeg: geen loting).",
            unit="personen",
            suppression=SUPPRESS,
            source="panels.SelectedMember.seated",
        ),
        Column("selected_on", DATE, "De dag van de laatste afgeronde loting.", source="panels.Selection.finished_at"),
    ),
    pool_rows,
)


def quota_rows(ctx: Context):
    latest = _latest_done()
    pools = dict(Pool.objects.order_by().values_list("pk", "categories"))
    members: dict[int, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for pool_id, attributes in (
        PoolMember.objects.filter(withdrawn_at__isnull=True)
        .order_by()
        .values_list("pool_id", "participant__attributes")
        .iterator(chunk_size=CHUNK)
    ):
        for category in pools.get(pool_id) or []:
            members[pool_id][category][str((attributes or {}).get(category, "")).strip()] += 1
    pool_of = {selection: pool for pool, (selection, _finished) in latest.items()}
    seated: dict[int, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
    for selection_id, attributes in (
        SelectedMember.objects.filter(selection_id__in=list(pool_of), seated=True)
        .order_by()
        .values_list("selection_id", "participant__attributes")
        .iterator(chunk_size=CHUNK)
    ):
        pool_id = pool_of[selection_id]
        for category in pools.get(pool_id) or []:
            seated[pool_id][category][str((attributes or {}).get(category, "")).strip()] += 1
    shares = {
        (pool, category, value): share
        for pool, category, value, share in PopulationShare.objects.order_by().values_list(
            "pool_id", "category", "value", "share"
        )
    }
    quotas = Quota.objects.order_by("pool_id", "category", "value", "pk").values_list(
        "pool_id", "category", "value", "minimum", "maximum"
    )
    for (pool_id, category), group in groupby(quotas.iterator(chunk_size=CHUNK), key=lambda q: (q[0], q[1])):
        group = list(group)
        in_pool = persons_group([members[pool_id][category][value] for _p, _c, value, _mn, _mx in group])
        drawn = (
            persons_group([seated[pool_id][category][value] for _p, _c, value, _mn, _mx in group])
            if pool_id in latest
            else [None] * len(group)
        )
        for (_p, _c, value, minimum, maximum), members_cell, seated_cell in zip(group, in_pool, drawn, strict=True):
            yield [
                ctx.pseudo("pool", pool_id),
                category,
                value,
                minimum,
                maximum,
                shares.get((pool_id, category, value)),
                members_cell,
                seated_cell,
            ]


POOL_QUOTAS = Table(
    "pool_quotas",
    "De quota per pool: per kenmerk en waarde het minimum en maximum, het deel in de bevolking, en hoeveel "
    "mensen in de pool en in het laatst gelote panel die waarde hebben.",
    (
        POOL_ID,
        Column("category", CODE, "Het kenmerk (zoals leeftijd of gemeente).", source="panels.Quota.category"),
        Column("value", CODE, "De waarde van het kenmerk.", source="panels.Quota.value"),
        Column("minimum", INTEGER, "Ten minste zoveel plaatsen.", unit="plaatsen", source="panels.Quota.minimum"),
        Column("maximum", INTEGER, "Ten hoogste zoveel plaatsen.", unit="plaatsen", source="panels.Quota.maximum"),
        Column(
            "population_share",
            DECIMAL,
            "Het deel van de bevolking met deze waarde (0 tot 1; leeg: niet opgegeven).",
            unit="fractie",
            source="panels.PopulationShare.share",
        ),
        Column(
            "members",
            PERSONS,
            "Mensen in de pool met deze waarde.",
            unit="personen",
            suppression=SUPPRESS_GROUP,
            source="panels.PoolMember, participants.Participant.attributes",
        ),
        Column(
            "seated",
            PERSONS,
            "Gelote panelleden met deze waarde in de laatste afgeronde loting (leeg: geen loting).",
            unit="personen",
            suppression=SUPPRESS_GROUP,
            source="panels.SelectedMember",
        ),
    ),
    quota_rows,
)


# --- monitoring, scan, questionnaire --------------------------------------------------------------------


def indicator_rows(ctx: Context):
    rows = Indicator.objects.order_by("order", "code").values_list(
        "code", "name", "unit", "source", "source_key", "direction", "is_active", "definition"
    )
    for code, name, unit, source, key, direction, active, definition in rows:
        yield [code, name, unit, source, key, direction, flag(active), definition]


INDICATORS = Table(
    "indicators",
    "De catalogus van monitoringindicatoren (openbaar).",
    (
        Column("indicator", CODE, "De code van de indicator.", source="monitoring.Indicator.code"),
        Column("name", TEXT, "De naam.", source="monitoring.Indicator.name"),
        Column("unit", CODE, "De eenheid.", values=codes(Unit), source="monitoring.Indicator.unit"),
        Column(
            "source", CODE, "Waar het cijfer vandaan komt.", values=codes(Source), source="monitoring.Indicator.source"
        ),
        Column(
            "source_key",
            CODE,
            "De dimensie van de scan of de vraag van de vragenlijst (leeg: eigen gegevens).",
            source="monitoring.Indicator.source_key",
        ),
        Column(
            "direction",
            CODE,
            "Wanneer het cijfer beter is (higher, lower of neutral).",
            source="monitoring.Indicator.direction",
        ),
        Column("active", BOOLEAN, "Nog in gebruik.", source="monitoring.Indicator.is_active"),
        Column("definition", TEXT, "De omschrijving in gewone woorden.", source="monitoring.Indicator.definition"),
    ),
    indicator_rows,
)


def monitoring_rows(ctx: Context):
    rows = (
        SnapshotValue.objects.filter(snapshot__is_current=True)
        .order_by("snapshot__period", "snapshot__hub__slug", "indicator__order", "indicator__code")
        .values_list(
            "snapshot__hub__slug",
            "snapshot__period",
            "snapshot__version",
            "snapshot__hub_status",
            "indicator__code",
            "indicator__source",
            "value",
            "basis",
        )
    )
    for hub, period, version, status, code, source, value, basis in rows.iterator(chunk_size=CHUNK):
        # The basis of a questionnaire figure is a number of people who answered.
        by_people = source == Source.QUESTIONNAIRE
        yield [hub, period, version, status, code, value, persons(basis) if by_people else basis]


MONITORING = Table(
    "monitoring_values",
    "De kwartaalcijfers van elke hub (de geldende versie van elke momentopname).",
    (
        HUB,
        Column("quarter", QUARTER, "Het kwartaal.", source="monitoring.Snapshot.period"),
        Column(
            "snapshot_version",
            INTEGER,
            "De versie van de momentopname (een correctie is een nieuwe versie).",
            source="monitoring.Snapshot.version",
        ),
        Column(
            "hub_status",
            CODE,
            "De status van de hub aan het eind van het kwartaal.",
            values=codes(HubStatus),
            source="monitoring.Snapshot.hub_status",
        ),
        Column("indicator", CODE, "De indicator (zie indicators.csv).", source="monitoring.Indicator.code"),
        Column(
            "value",
            DECIMAL,
            "Het cijfer (eenheid: zie indicators.csv; leeg: geen cijfer).",
            source="monitoring.SnapshotValue.value",
        ),
        Column(
            "basis",
            INTEGER,
            "Op hoeveel gevallen het cijfer rust. Bij cijfers uit de vragenlijst is dat een aantal personen.",
            suppression="alleen bij bron questionnaire: " + SUPPRESS,
            source="monitoring.SnapshotValue.basis",
        ),
    ),
    monitoring_rows,
)


def scan_rows(ctx: Context):
    rounds = ScanRound.objects.order_by("year", "opened_at", "pk").values_list("pk", "year", "opened_at")
    slugs = dict(Hub.objects.order_by().values_list("pk", "slug"))
    for pk, year, opened in rounds:
        scores = scan_selectors.round_scores(pk)
        for hub_id in sorted(scores, key=lambda h: slugs.get(h, "")):
            for code, score in sorted(scores[hub_id].items()):
                yield [year, day(opened), slugs.get(hub_id, ""), code, score]


SCAN_SCORES = Table(
    "scan_scores",
    "De scores van de jaarlijkse participatiescan: per ronde, hub en dimensie (alleen ingediende scans).",
    (
        Column("year", INTEGER, "Het jaar van de ronde.", source="scans.ScanRound.year"),
        Column("round_opened_on", DATE, "De dag waarop de ronde openging.", source="scans.ScanRound.opened_at"),
        HUB,
        Column("dimension", CODE, "De dimensie van de scan.", source="scans.Dimension.code"),
        Column(
            "score", DECIMAL, "De score van 0 tot 100.", unit="score (0-100)", source="scans.selectors.round_scores"
        ),
    ),
    scan_rows,
)


def experience_rows(ctx: Context):
    first = QuestionnaireResponse.objects.order_by("submitted_at").values_list("submitted_at", flat=True).first()
    if first is None:
        return
    slugs = dict(Hub.objects.order_by().values_list("pk", "slug"))
    period = Quarter.of(timezone.localtime(first).date())
    last = Quarter.of(timezone.localdate())
    while True:
        shares = experience_selectors.item_shares(period.start, period.end)  # hubs with 5 answers or more
        for hub_id in sorted(shares, key=lambda h: slugs.get(h, "")):
            for code, _label in ITEMS:
                found = shares[hub_id].get(code)
                if found is None:
                    continue
                share, answered = found
                shown = persons(answered)
                yield [slugs.get(hub_id, ""), str(period), code, share if shown == answered else None, shown]
        if str(period) == str(last):
            break
        period = period.next()


EXPERIENCE = Table(
    "experience_shares",
    "De vragenlijst voor deelnemers: per hub, kwartaal en vraag het deel dat het (helemaal) eens was. Alleen "
    "hubs met 5 of meer antwoorden in dat kwartaal; bij minder dan 5 antwoorden op een vraag blijft het deel leeg.",
    (
        HUB,
        Column(
            "quarter",
            QUARTER,
            "Het kwartaal van de antwoorden.",
            source="experience.QuestionnaireResponse.submitted_at",
        ),
        Column(
            "item", CODE, "De vraag: " + "; ".join(code for code, _ in ITEMS) + ".", source="experience.constants.ITEMS"
        ),
        Column(
            "share_positive",
            DECIMAL,
            "Het percentage dat het eens of helemaal eens was (van wie een mening gaf).",
            unit="procent",
            source="experience.selectors.item_shares",
        ),
        Column(
            "answered",
            PERSONS,
            "Hoeveel mensen een mening gaven op deze vraag.",
            unit="personen",
            suppression=SUPPRESS,
            source="experience.QuestionnaireResponse",
        ),
    ),
    experience_rows,
)


# --- funding --------------------------------------------------------------------------------------------


def _sum(model, **filters) -> Coalesce:
    return Coalesce(
        Subquery(
            model.objects.filter(grant=OuterRef("pk"), **filters)
            .order_by()
            .values("grant")
            .annotate(total=Sum("amount"))
            .values("total")
        ),
        Decimal("0.00"),
    )


def grant_rows(ctx: Context):
    queryset = Grant.objects.annotate(
        paid=_sum(AdvancePayment, status=AdvanceStatus.PAID),
        settled=Subquery(Settlement.objects.filter(grant=OuterRef("pk")).order_by("-decided_at").values("amount")[:1]),
        reclaimed=_sum(Reclaim),
    )
    rows = _stream(
        queryset,
        "pk",
        "hub__slug",
        "line__code",
        "awarded_amount",
        "awarded_at",
        "starts_on",
        "ends_on",
        "status",
        "paid",
        "settled",
        "reclaimed",
    )
    for pk, hub, line, amount, awarded, starts, ends, status, paid, settled, reclaimed in rows:
        yield [
            ctx.pseudo("grant", pk),
            hub,
            line,
            money(amount),
            day(awarded),
            day(starts),
            day(ends),
            status,
            money(paid),
            money(settled),
            money(reclaimed),
        ]


GRANTS = Table(
    "grants",
    "De toegekende subsidies: één regel per subsidie.",
    (
        Column("grant_id", PSEUDONYM, "De subsidie (pseudoniem).", source="funding.Grant"),
        HUB,
        Column("line", CODE, "De programmalijn.", source="funding.ProgrammeLine.code"),
        Column("awarded_amount", DECIMAL, "Het toegekende bedrag.", unit="euro", source="funding.Grant.awarded_amount"),
        Column("awarded_on", DATE, "De dag van toekennen.", source="funding.Grant.awarded_at"),
        Column("starts_on", DATE, "De begindatum.", source="funding.Grant.starts_on"),
        Column("ends_on", DATE, "De einddatum.", source="funding.Grant.ends_on"),
        Column("status", CODE, "De status.", values=codes(GrantStatus), source="funding.Grant.status"),
        Column("paid", DECIMAL, "Het bedrag aan betaalde voorschotten.", unit="euro", source="funding.AdvancePayment"),
        Column(
            "settled_amount",
            DECIMAL,
            "Het vastgestelde bedrag (leeg: nog niet vastgesteld).",
            unit="euro",
            source="funding.Settlement.amount",
        ),
        Column("reclaimed", DECIMAL, "Het bedrag dat is teruggevorderd.", unit="euro", source="funding.Reclaim.amount"),
    ),
    grant_rows,
)


def grant_total_rows(ctx: Context):
    paid = defaultdict(Decimal)
    for hub, line, amount in (
        AdvancePayment.objects.filter(status=AdvanceStatus.PAID)
        .order_by()
        .values_list("grant__hub__slug", "grant__line__code")
        .annotate(total=Sum("amount"))
    ):
        paid[(hub, line)] += Decimal(str(amount or 0))
    rows = (
        Grant.objects.order_by("hub__slug", "line__code")
        .values_list("hub__slug", "line__code")
        .annotate(n=Count("pk"), total=Sum("awarded_amount"))
    )
    for hub, line, n, total in rows:
        yield [hub, line, n, money(total), money(paid.get((hub, line), 0))]


GRANT_TOTALS = Table(
    "grant_totals",
    "Subsidies per hub en programmalijn opgeteld.",
    (
        HUB,
        Column("line", CODE, "De programmalijn.", source="funding.ProgrammeLine.code"),
        Column("grants", INTEGER, "Het aantal subsidies.", unit="subsidies", source="funding.Grant"),
        Column("awarded_total", DECIMAL, "Het totaal toegekend.", unit="euro", source="funding.Grant.awarded_amount"),
        Column(
            "paid_total", DECIMAL, "Het totaal aan betaalde voorschotten.", unit="euro", source="funding.AdvancePayment"
        ),
    ),
    grant_total_rows,
)


# --- learning -------------------------------------------------------------------------------------------


def lesson_rows(ctx: Context):
    rows = (
        learning_selectors.published_lessons()
        .order_by("published_at", "pk")
        .values_list(
            "pk",
            "hub__slug",
            "published_at",
            "phase",
            "participation_forms",
            "themes",
            "target_groups",
            "title",
            "context",
            "tried",
            "worked",
            "did_not_work",
            "advice",
        )
    )
    for (
        pk,
        hub,
        published,
        phase,
        forms,
        themes,
        groups,
        title,
        context,
        tried,
        worked,
        failed,
        advice,
    ) in rows.iterator(chunk_size=CHUNK):
        yield [
            ctx.pseudo("lesson", pk),
            hub,
            day(published),
            phase,
            joined(forms),
            joined(themes),
            joined(groups),
            ctx.clean(title),
            ctx.clean(context),
            ctx.clean(tried),
            ctx.clean(worked),
            ctx.clean(failed),
            ctx.clean(advice),
        ]


def _phases() -> str:
    return "; ".join(f"{value} = {label}" for value, label in PHASE_CHOICES)


LESSONS = Table(
    "lessons",
    "De gepubliceerde lessen die hubs met elkaar deelden (concepten staan er niet in).",
    (
        Column("lesson_id", PSEUDONYM, "De les (pseudoniem).", source="learning.Lesson"),
        HUB,
        Column("published_on", DATE, "De dag van publiceren.", source="learning.Lesson.published_at"),
        Column(
            "phase", CODE, "De fase van de hub waar de les uit komt.", values=_phases(), source="learning.Lesson.phase"
        ),
        Column(
            "participation_forms",
            CODES,
            "De vormen van participatie.",
            values=codes(ParticipationForm),
            source="learning.Lesson.participation_forms",
        ),
        Column("themes", CODES, "De thema's en akkoorden.", values=codes(Agreement), source="learning.Lesson.themes"),
        Column(
            "target_groups", CODES, "De doelgroepen.", values=codes(TargetGroup), source="learning.Lesson.target_groups"
        ),
        Column("title", FREE_TEXT, "De titel.", source="learning.Lesson.title"),
        Column("context", FREE_TEXT, "De situatie.", source="learning.Lesson.context"),
        Column("tried", FREE_TEXT, "Wat de hub probeerde.", source="learning.Lesson.tried"),
        Column("worked", FREE_TEXT, "Wat werkte.", source="learning.Lesson.worked"),
        Column("did_not_work", FREE_TEXT, "Wat niet werkte.", source="learning.Lesson.did_not_work"),
        Column("advice", FREE_TEXT, "Het advies aan andere hubs.", source="learning.Lesson.advice"),
    ),
    lesson_rows,
)


# --- accounts ---------------------------------------------------------------------------------------------


def role_rows(ctx: Context):
    rows = _stream(
        RoleAssignment.objects.all(), "user_id", "role", "hub__slug", "organisation__name", "granted_at", "revoked_at"
    )
    for user, role, hub, organisation, granted, revoked in rows:
        yield [ctx.pseudo("user", user), role, hub or "", organisation or "", day(granted), day(revoked)]


ROLES = Table(
    "roles",
    "Welke rol een account had, bij welke hub of organisatie: zo zijn de pseudoniemen van accounts in andere "
    "tabellen te duiden. Geen namen of e-mailadressen.",
    (
        Column(
            "user",
            PSEUDONYM,
            "Het account (pseudoniem, vast per ontvanger; hetzelfde als submitted_by, answered_by, published_by).",
            source="accounts.User",
        ),
        Column("role", CODE, "De rol.", values=codes(Role), source="accounts.RoleAssignment.role"),
        Column(
            "hub",
            CODE,
            "De hub van de rol (leeg: landelijk of bij een organisatie).",
            source="accounts.RoleAssignment.hub",
        ),
        Column(
            "organisation",
            TEXT,
            "De organisatie van de rol (leeg: geen).",
            source="accounts.RoleAssignment.organisation",
        ),
        Column("granted_on", DATE, "De dag waarop de rol is gegeven.", source="accounts.RoleAssignment.granted_at"),
        Column(
            "revoked_on",
            DATE,
            "De dag waarop de rol is ingetrokken (leeg: nog actief).",
            source="accounts.RoleAssignment.revoked_at",
        ),
    ),
    role_rows,
)


#: Every table, in the order of the ZIP and the codebook.
TABLES: tuple[Table, ...] = (
    HUBS,
    HUB_STATUS,
    QUESTIONS,
    QUESTION_STATUS,
    TRAJECTORIES,
    ACTIVITIES,
    ADVICE,
    RECOMMENDATIONS,
    FEEDBACK,
    PARTICIPANTS,
    POOLS,
    POOL_QUOTAS,
    INDICATORS,
    MONITORING,
    SCAN_SCORES,
    EXPERIENCE,
    GRANTS,
    GRANT_TOTALS,
    LESSONS,
    ROLES,
)
