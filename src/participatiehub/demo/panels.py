"""Demo panel data for the showcase hub, built through the panels services.

What a newcomer finds in the hub the demo coordinator works in:

- the hub's own questions (one of them special-category data) and a limit on invitations per year;
- two invitation batches whose letters PDF is ready (made here, synchronously, by the letters task's
  own code) and a third that waits for the background worker (``make demo`` starts one);
- residents who signed up with a code from those letters (names from Faker's Dutch locale), with
  their consents, answers and, where they agreed to it, special-category answers;
- a pool with population shares and the quotas derived from them, a finished selection by lot (the
  selection task's own code, run here) and its transparency report, published at its public address;
- engagements for the drawn panel members in the pool's trajectory, and the allowances paid to them.

Every write goes through ``participants.services`` and ``panels.services``; the hub's own
questions and its invitation limit are configuration an administrator sets in the admin, so they
are written as rows. The services date everything "now"; afterwards the demo moves the dates to a
timeline before today (``QuerySet.update``), as the question builder does. The letter codes come
from ``secrets`` and the selection's draw from the database ids, so those differ between runs; the
people, their answers and the quotas follow the seed.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.text import slugify

from faker import Faker

from participatiehub.accounts.models import User
from participatiehub.panels import services as selection_services
from participatiehub.panels.constants import Algorithm, AllowanceKind, SelectionStatus
from participatiehub.panels.models import (
    Allowance,
    Engagement,
    Pool,
    PoolMember,
    PopulationShare,
    Quota,
    SelectedMember,
    Selection,
    SelectionPublication,
)
from participatiehub.panels.services import QuotaRow
from participatiehub.panels.tasks import run_selection
from participatiehub.participants import selectors as panel_selectors
from participatiehub.participants import services
from participatiehub.participants.constants import ConsentPurpose, LettersStatus
from participatiehub.participants.models import (
    AttributeDefinition,
    Consent,
    HubPanelSettings,
    InvitationBatch,
    InvitationCode,
    Participant,
    SpecialAttributes,
)
from participatiehub.participants.tasks import make_invitation_letters

#: Resident e-mail addresses end in one of these (never real domains).
RESIDENT_DOMAINS = ("mail.example", "thuis.example", "post.example", "inwoners.example")

#: The pool's categories and the population shares of the hub's area (people aged 16 and over,
#: rounded; in the order of CBS StatLine's age bands).
POPULATION = {
    "gender": {"woman": "0.51", "man": "0.48", "other": "0.01"},
    "age_band": {
        "16-24": "0.15",
        "25-34": "0.19",
        "35-44": "0.16",
        "45-54": "0.15",
        "55-64": "0.14",
        "65-74": "0.11",
        "75+": "0.10",
    },
    "education": {"low": "0.24", "middle": "0.37", "high": "0.39"},
}
#: Who signs up is not who lives there: volunteers are older and more often highly educated. The
#: quotas correct for that.
VOLUNTEER_WEIGHTS = {
    "gender": {"woman": 55, "man": 43, "other": 2},
    "age_band": {"16-24": 8, "25-34": 13, "35-44": 13, "45-54": 15, "55-64": 19, "65-74": 19, "75+": 13},
    "education": {"low": 18, "middle": 33, "high": 49},
}
CARER = ("mantelzorg", "Zorgt u voor iemand in uw omgeving (mantelzorg)?", [["ja", "Ja"], ["nee", "Nee"]])
HEALTH = (
    "langdurige_aandoening",
    "Heeft u een langdurige ziekte, aandoening of beperking?",
    [["ja", "Ja"], ["nee", "Nee"], ["zeg_ik_liever_niet", "Dat zeg ik liever niet"]],
)
PANEL_SIZE = 10
#: (name, letters, sign-ups, only the central municipality): the first two are made now, the third
#: waits for the worker. Small on purpose: a letter costs about 0.1 s of CPU time, and the demo
#: should start in seconds (a real round sends hundreds of letters, and far fewer people answer).
BATCHES = (
    ("Inwonerspanel zorg en welzijn – Gemeente {central}", 18, 14, True),
    ("Inwonerspanel zorg en welzijn – de andere gemeenten", 14, 11, False),
    ("Inwonerspanel zorg en welzijn – tweede ronde", 25, 0, False),
)
#: Activities a panel is invited to (not surveys or expert input); at most this many.
SESSION_KINDS = ("meeting", "focus_group", "assembly_session")
MAX_SESSIONS = 3
SESSION_ALLOWANCE = Decimal("40.00")


@dataclass
class PanelDemo:
    """What the panels builder made, for the summary and the log-in hints."""

    pool: Pool
    selection: Selection
    batches: list[InvitationBatch]
    counts: Counter


class PanelBuilder:
    def __init__(self, *, seed: int, hub, coordinator: User, today: dt.date | None = None):
        self.rng = random.Random(seed * 13 + 5)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed + 23)
        self.hub = hub
        self.coordinator = coordinator
        self.today = today or timezone.localdate()
        self.counts: Counter = Counter()
        self._emails: set[str] = set()

    # --- dates ----------------------------------------------------------------------------------

    def _moment(self, day: dt.date) -> dt.datetime:
        hour, minute = self.rng.randint(8, 20), self.rng.choice((0, 5, 15, 25, 35, 45, 55))
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))

    def _day(self, days_ago: int) -> dt.date:
        return self.today - dt.timedelta(days=days_ago)

    # --- set-up -------------------------------------------------------------------------------------

    def configure_hub(self) -> None:
        """The hub's own questions and its invitation limit (set by an administrator in the admin)."""
        for order, (key, label, options) in enumerate((CARER, HEALTH), start=1):
            AttributeDefinition.objects.get_or_create(
                hub=self.hub,
                key=key,
                defaults={"label": label, "options": options, "special_category": key == HEALTH[0], "order": order},
            )
        HubPanelSettings.objects.get_or_create(hub=self.hub, defaults={"max_invitations_per_year": 3})

    def trajectory(self):
        """The trajectory the panel advises in: one with sessions (still in progress, when there is one)."""
        from participatiehub.questions.constants import QuestionStatus
        from participatiehub.trajectories.constants import ActivityKind
        from participatiehub.trajectories.models import Trajectory

        trajectories = list(
            Trajectory.objects.filter(question__hub=self.hub).prefetch_related("activities").order_by("pk")
        )
        if not trajectories:
            return None

        def score(t) -> tuple:
            kinds = {a.kind for a in t.activities.all()}
            return (
                bool(kinds & {ActivityKind.ASSEMBLY_SESSION, ActivityKind.FOCUS_GROUP, ActivityKind.MEETING}),
                t.question.status == QuestionStatus.IN_PROGRESS,
                -t.pk,
            )

        return max(trajectories, key=score)

    # --- building -------------------------------------------------------------------------------

    def build(self) -> PanelDemo:
        self.configure_hub()
        trajectory = self.trajectory()
        activities = trajectory.activities.all() if trajectory else []
        sessions = sorted((a for a in activities if a.kind in SESSION_KINDS), key=lambda a: a.held_on)[:MAX_SESSIONS]
        # The timeline ends with the panel's sessions: drawn three weeks before the first one.
        first_session = sessions[0].held_on if sessions else self._day(30)
        drawn_on = min(first_session - dt.timedelta(days=21), self._day(10))
        start = drawn_on - dt.timedelta(days=110)

        pool = selection_services.pool_create(
            hub=self.hub,
            actor=self.coordinator,
            name=f"Inwonerspanel {self.hub.name.removeprefix('Participatiehub ')}"
            + (f" – {trajectory.question.title}"[:150] if trajectory else ""),
            panel_size=PANEL_SIZE,
            categories=list(POPULATION),
            one_per_household=True,
            trajectory=trajectory,
        )
        self.municipalities = list(panel_selectors.hub_municipalities(self.hub))
        wanted = self.hub.name.removeprefix("Participatiehub ")
        municipality = next((m for m in self.municipalities if m.name == wanted), None)
        municipality = municipality or (self.municipalities[0] if self.municipalities else None)
        self.central = municipality
        batches = []
        for i, (name, size, _signups, local) in enumerate(BATCHES):
            batches.append(
                services.invitation_batch_create(
                    hub=self.hub,
                    actor=self.coordinator,
                    name=name.format(central=municipality.name if municipality else self.hub.name),
                    size=size,
                    municipality=municipality if local else None,
                    pool=pool if i < 2 else None,
                )
            )
        dates = {
            batches[0].pk: start,
            batches[1].pk: start + dt.timedelta(days=35),
        }
        for batch, (_name, _size, signups, _local) in zip(batches[:2], BATCHES, strict=False):
            # The letters task's own code, run now (the demo's queue is not a real one).
            make_invitation_letters.call(batch.pk)
            batch.refresh_from_db()
            if batch.letters_status != LettersStatus.READY:
                raise RuntimeError(f"De brieven van de demo konden niet worden gemaakt: {batch.letters_error}")
            self.counts["letters"] += batch.size
            self.sign_up(batch, signups, since=dates[batch.pk])
        self.counts["batches"] = len(batches)
        self.date_batches(batches, dates)

        shares = [
            QuotaRow(category, value, 0, 0, share=Decimal(share))
            for category, values in POPULATION.items()
            for value, share in values.items()
        ]
        selection_services.population_shares_save(pool=pool, actor=self.coordinator, rows=shares, tolerance=1)
        if not selection_services.feasibility_check(pool).ok:
            # What a coordinator does when the pool cannot fill the quotas: accept the proposal.
            selection_services.relaxation_apply(pool=pool, actor=self.coordinator)
        selection = self.draw(pool, drawn_on)
        self.engage(selection, trajectory, sessions, drawn_on)
        return PanelDemo(pool=pool, selection=selection, batches=batches, counts=self.counts)

    def _email(self, first: str, last: str) -> str:
        local = slugify(f"{first} {last}").replace("-", ".")
        email = f"{local}@{self.rng.choice(RESIDENT_DOMAINS)}"
        n = 1
        while email in self._emails or User.objects.filter(email__iexact=email).exists():
            n += 1
            email = f"{local}{n}@{self.rng.choice(RESIDENT_DOMAINS)}"
        self._emails.add(email)
        return email

    def _attributes(self, batch) -> dict:
        rng = self.rng
        answers = {
            category: rng.choices(list(weights), weights=list(weights.values()))[0]
            for category, weights in VOLUNTEER_WEIGHTS.items()
        }
        if batch.municipality_id:
            answers["municipality"] = batch.municipality.code
        else:
            others = [m for m in self.municipalities if self.central is None or m.pk != self.central.pk]
            if others:
                answers["municipality"] = rng.choice(others).code
        answers[CARER[0]] = rng.choices(["ja", "nee"], weights=[3, 7])[0]
        return answers

    def sign_up(self, batch: InvitationBatch, how_many: int, *, since: dt.date) -> None:
        """Residents use codes of ``batch`` over the weeks after the letters arrived."""
        rng, fake = self.rng, self.fake
        codes = list(batch.codes.order_by("pk").values_list("code", flat=True))
        households: list[str] = []
        for i, code in enumerate(rng.sample(codes, how_many)):
            first, last = fake.first_name(), fake.last_name()
            if households and rng.random() < 0.12:
                household = households[-1]  # a partner from the same address also signed up
            else:
                household = f"HH-{batch.pk}-{i:03d}"
            households.append(household)
            consents = [ConsentPurpose.PANEL, ConsentPurpose.ATTRIBUTES]
            if rng.random() < 0.7:
                consents.append(ConsentPurpose.SPECIAL)
            if rng.random() < 0.85:
                consents.append(ConsentPurpose.FEEDBACK)
            participant = services.participant_signup(
                code=code, email=self._email(first, last), display_name=f"{first} {last}", consents=consents
            )
            special = {}
            if ConsentPurpose.SPECIAL in consents:
                special[HEALTH[0]] = rng.choices([o[0] for o in HEALTH[2]], weights=[3, 6, 1])[0]
            services.participant_attributes_update(
                participant=participant,
                actor=participant.user,
                attributes=self._attributes(batch),
                special=special,
                household_code=household,
            )
            moment = self._moment(since + dt.timedelta(days=3 + int(rng.expovariate(1 / 8)) % 30))
            Participant.objects.filter(pk=participant.pk).update(signed_up_at=moment)
            Consent.objects.filter(participant=participant).update(given_at=moment)
            InvitationCode.objects.filter(participant=participant).update(used_at=moment)
            PoolMember.objects.filter(participant=participant).update(joined_at=moment)
            SpecialAttributes.objects.filter(participant=participant).update(updated_at=moment)
            self.counts["residents"] += 1

    def date_batches(self, batches, dates) -> None:
        """The ready batches were made months ago; the waiting one was made just now, as a coordinator would."""
        for batch in batches:
            if batch.letters_status == LettersStatus.WAITING:
                continue
            created = self._moment(dates[batch.pk])
            fields = {"created_at": created, "letters_updated_at": created}
            if batch.letters_status == LettersStatus.READY:
                fields["letters_generated_at"] = fields["letters_updated_at"] = created + dt.timedelta(minutes=3)
            InvitationBatch.objects.filter(pk=batch.pk).update(**fields)

    def draw(self, pool: Pool, drawn_on: dt.date) -> Selection:
        """Start the selection as the coordinator does, run the task's own code now, publish the report."""
        seed = f"{drawn_on:%Y%m%d} Lotto {' '.join(str(n) for n in sorted(self.rng.sample(range(1, 46), 6)))}"
        selection = selection_services.selection_start(
            pool=pool, actor=self.coordinator, seed=seed, algorithm=Algorithm.LEXIMIN, panel_count=1000
        )
        run_selection.call(selection.pk)
        selection.refresh_from_db()
        if selection.status != SelectionStatus.DONE:
            raise RuntimeError(f"De loting van de demo lukte niet: {selection.error}")
        selection = selection_services.transparency_publish(selection=selection, actor=self.coordinator)
        started = self._moment(drawn_on)
        Pool.objects.filter(pk=pool.pk).update(created_at=started - dt.timedelta(days=110))
        Selection.objects.filter(pk=selection.pk).update(
            created_at=started,
            finished_at=started + dt.timedelta(seconds=self.rng.randint(20, 90)),
            published_at=started + dt.timedelta(days=2),
        )
        SelectionPublication.objects.filter(selection=selection).update(at=started + dt.timedelta(days=2))
        selection.refresh_from_db()
        self.counts["seated"] = SelectedMember.objects.filter(selection=selection, seated=True).count()
        self.counts["pool"] = SelectedMember.objects.filter(selection=selection).count()
        return selection

    def engage(self, selection: Selection, trajectory, sessions, drawn_on: dt.date) -> None:
        """The drawn members are invited to the panel's sessions; who came gets the allowance afterwards."""
        rng = self.rng
        seated = list(
            SelectedMember.objects.filter(selection=selection, seated=True)
            .order_by("pseudonym")
            .values_list("participant_id", flat=True)
        )
        # The trajectory's sessions, then follow-up meetings every two weeks (the last may still be ahead).
        meetings = [(s.held_on, s) for s in sessions]
        last = meetings[-1][0] if meetings else drawn_on + dt.timedelta(days=7)
        while len(meetings) < MAX_SESSIONS and last + dt.timedelta(days=14) <= self.today + dt.timedelta(days=14):
            last += dt.timedelta(days=14)
            meetings.append((last, None))
        for held_on, activity in meetings:
            invited_on = max(held_on - dt.timedelta(days=14), drawn_on + dt.timedelta(days=1))
            for participant_id in seated:
                came = held_on <= self.today and rng.random() < 0.85
                selection_services.engagement_record(
                    hub=self.hub,
                    actor=self.coordinator,
                    participant_id=participant_id,
                    invited_on=invited_on,
                    took_part=came,
                    trajectory=trajectory,
                    activity=activity,
                )
                self.counts["engagements"] += 1
                if not came:
                    continue
                paid_on = held_on + dt.timedelta(days=rng.randint(5, 12))
                if paid_on > self.today:
                    continue  # not paid yet
                payments = [(SESSION_ALLOWANCE, AllowanceKind.VOLUNTEER, f"Bijeenkomst {held_on:%d-%m-%Y}")]
                if rng.random() < 0.3:
                    fare = Decimal(rng.choice(("6.40", "8.75", "12.30", "15.90")))
                    payments.append((fare, AllowanceKind.TRAVEL, "Reiskosten openbaar vervoer"))
                for amount, kind, note in payments:
                    selection_services.allowance_record(
                        hub=self.hub,
                        actor=self.coordinator,
                        participant_id=participant_id,
                        amount=amount,
                        paid_on=paid_on,
                        kind=kind,
                        note=note,
                    )
                    self.counts["allowances"] += 1


def demo_panels_build(*, seed: int, hub, coordinator: User, today: dt.date | None = None) -> PanelDemo:
    """Panel data for ``hub`` (see the module's docstring)."""
    return PanelBuilder(seed=seed, hub=hub, coordinator=coordinator, today=today).build()


@dataclass
class PanelHints:
    """Addresses to try, for the log-in table (looked up, so they are right after a second run too)."""

    pool: str
    report: str
    public_report: str
    letters: str
    signup: str


def panel_hints(hub) -> PanelHints | None:
    from django.urls import reverse

    selection = (
        Selection.objects.filter(pool__hub=hub, status=SelectionStatus.DONE, published_at__isnull=False)
        .order_by("-pk")
        .first()
    )
    batch = InvitationBatch.objects.filter(hub=hub, letters_status=LettersStatus.READY).order_by("pk").first()
    if selection is None or batch is None:
        return None
    code = batch.codes.filter(used_at__isnull=True).order_by("pk").values_list("code", flat=True).first()
    return PanelHints(
        pool=reverse("panels:pool_detail", args=[hub.slug, selection.pool_id]),
        report=reverse("panels:transparency", args=[hub.slug, selection.pk]),
        public_report=reverse("panels:public_report", args=[hub.slug, selection.public_id]),
        letters=reverse("participants:invitation_letters", args=[hub.slug, batch.pk]),
        signup=reverse("participants:signup") + (f"?code={code}" if code else ""),
    )


def letters_queue_waiting() -> int:
    """Queue the waiting batches' letters for the real background worker (outside the demo's build)."""
    return services.invitation_letters_requeue()


def wipe_panels() -> int:
    """Delete every panel record, the residents' accounts and the letters files (for ``--reset``).

    Returns the number of residents removed. The files are removed after the rows; a file left behind
    by an interrupted run is harmless (private folder, no link to it)."""
    storage = InvitationBatch._meta.get_field("letters_file").storage
    files = [name for name in InvitationBatch.objects.exclude(letters_file="").values_list("letters_file", flat=True)]
    residents = Participant.objects.count()
    user_ids = list(Participant.objects.filter(user__isnull=False).values_list("user_id", flat=True))
    Allowance.objects.all().delete()
    Engagement.objects.all().delete()
    SelectionPublication.objects.all().delete()
    SelectedMember.objects.all().delete()
    Selection.fixed_members.through.objects.all().delete()
    Selection.objects.filter(replaces__isnull=False).delete()
    Selection.objects.all().delete()
    Quota.objects.all().delete()
    PopulationShare.objects.all().delete()
    PoolMember.objects.all().delete()
    InvitationCode.objects.all().delete()
    InvitationBatch.objects.all().delete()
    Pool.objects.all().delete()
    SpecialAttributes.objects.all().delete()
    Consent.objects.all().delete()
    Participant.objects.all().delete()
    AttributeDefinition.objects.filter(hub__isnull=False).delete()
    HubPanelSettings.objects.all().delete()
    User.objects.filter(pk__in=user_ids).delete()
    for name in files:
        if storage.exists(name):
            storage.delete(name)
    return residents
