"""``manage.py demo``: a realistic, reproducible demo data set with a log-in for every role."""

from __future__ import annotations

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import translation

from participatiehub.demo import builder
from participatiehub.demo.experience import demo_experience_build
from participatiehub.demo.funding import demo_funding_build
from participatiehub.demo.funding_assessment import demo_assessment_build
from participatiehub.demo.learning import demo_learning_build
from participatiehub.demo.monitoring import demo_monitoring_build
from participatiehub.demo.panels import demo_panels_build, letters_queue_waiting, panel_hints
from participatiehub.demo.questions import demo_questions_build
from participatiehub.demo.scans import demo_scans_build
from participatiehub.demo.users import (
    DEMO_PASSWORD,
    DEMO_USERS,
    demo_scoped_roles_assign,
    demo_users_create,
    demo_users_delete,
    demo_users_exist,
)
from participatiehub.geo.constants import Layer
from participatiehub.geo.models import Region
from participatiehub.hubs.models import Hub
from participatiehub.network.constants import OrganisationType


def ensure_regions(stdout) -> None:
    """Import the regions when there are none yet; say clearly what to do when that is not possible."""
    if Region.objects.filter(layer=Layer.ZORGKANTOORREGIO).exists():
        return
    stdout.write("Er zijn nog geen regio's geladen; ik voer eerst import_regions uit …")
    try:
        call_command("import_regions")
    except CommandError as exc:
        raise CommandError(
            "Er zijn geen zorgkantoorregio's in de database en import_regions lukte niet "
            f"({exc}). Voer eerst 'python manage.py import_regions' uit en probeer het daarna opnieuw."
        ) from exc
    if not Region.objects.filter(layer=Layer.ZORGKANTOORREGIO).exists():
        raise CommandError(
            "Er zijn nog steeds geen zorgkantoorregio's. Controleer de map met regiogegevens (PH_REGIONS_DIR)."
        )


def select_regions(codes: list[str] | None, limit: int | None) -> list[builder.RegionInfo]:
    try:
        infos = builder.load_regions(codes)
    except builder.NoRegionsError as exc:
        wanted = ", ".join(codes) if codes else "zorgkantoorregio's"
        raise CommandError(f"Geen regio's met gemeenten gevonden voor: {wanted}.") from exc
    if codes:
        missing = sorted(set(codes) - {i.region.code for i in infos})
        if missing:
            raise CommandError(f"Onbekende regiocodes (of zonder gemeenten): {', '.join(missing)}.")
    if limit:
        # The showcase region (Utrecht, else Amsterdam) stays in when the number of hubs is limited.
        showcase = [i for code in builder.SHOWCASE_REGIONS for i in infos if i.region.code == code][:1]
        rest = [i for i in infos if i not in showcase]
        infos = sorted(showcase + rest[: max(limit - len(showcase), 0)], key=lambda i: i.region.code)[:limit]
    return infos


class Command(BaseCommand):
    help = "Vult de database met een realistische demo: een hub in elke zorgkantoorregio, netwerken en demo-accounts."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset", action="store_true", help="Verwijder eerst alle hubs, netwerken en demo-accounts."
        )
        parser.add_argument(
            "--seed", type=int, default=2026, help="Startgetal voor het toeval (zelfde getal, zelfde demo)."
        )
        parser.add_argument("--regions", default="", help="Alleen deze zorgkantoorregio's, bijvoorbeeld ZK02,ZK23.")
        parser.add_argument("--hubs", type=int, default=0, help="Hoogstens zoveel hubs (0: een hub per regio).")
        parser.add_argument("--min-organisations", type=int, default=25, help="Minimum aantal organisaties per hub.")
        parser.add_argument("--max-organisations", type=int, default=70, help="Maximum aantal organisaties per hub.")
        parser.add_argument("--min-bodies", type=int, default=15, help="Minimum aantal participatieorganen per hub.")
        parser.add_argument("--max-bodies", type=int, default=50, help="Maximum aantal participatieorganen per hub.")
        parser.add_argument(
            "--without-questions", action="store_true", help="Geen vraagstukken, trajecten en adviezen maken."
        )
        parser.add_argument(
            "--without-panels",
            action="store_true",
            help="Geen inwonerspanel maken (brieven, aanmeldingen, pool, loting, deelname en vergoedingen).",
        )
        parser.add_argument(
            "--without-funding",
            action="store_true",
            help="Geen programmalijnen, subsidieoproepen en aanvragen maken.",
        )

    def handle(self, *args, **options):
        with translation.override("nl"):
            self._handle(**options)
        # The data were written in bulk, past the services: drop cached pages.
        from django.core.cache import cache

        cache.clear()

    def _handle(self, **options):
        started = time.perf_counter()
        ensure_regions(self.stdout)
        if Hub.objects.exists() or demo_users_exist():
            if not options["reset"]:
                self.stdout.write(
                    self.style.WARNING(
                        f"Er staan al gegevens in de database ({Hub.objects.count()} hubs). Er is niets veranderd. "
                        "Gebruik 'python manage.py demo --reset' om alle hubs, netwerken en demo-accounts te "
                        "verwijderen en de demo opnieuw te maken."
                    )
                )
                self.print_logins()
                return
            removed = builder.wipe_hubs_and_networks()
            demo_users_delete()
            self.stdout.write(
                f"Verwijderd: {removed['hubs']} hubs en {removed['organisations']} organisaties, met de demo-accounts."
            )

        codes = [c.strip().upper() for c in options["regions"].split(",") if c.strip()] or None
        infos = select_regions(codes, options["hubs"] or None)
        low_o, high_o = sorted((options["min_organisations"], options["max_organisations"]))
        low_b, high_b = sorted((options["min_bodies"], options["max_bodies"]))

        # The services queue e-mails and tasks. In the demo the e-mails are sent by the e-mail task's own
        # code into Django's in-memory mailbox (nobody receives them; the outbox shows them as sent), and
        # the letters and the selection are made by their tasks' code right here; nothing goes to the queue.
        no_mail = override_settings(
            EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
        )
        with no_mail, transaction.atomic():
            users = demo_users_create()
            generator = builder.Generator(seed=options["seed"], actor=users["programme"])
            showcase = next((i for code in builder.SHOWCASE_REGIONS for i in infos if i.region.code == code), infos[0])
            statuses = generator.final_statuses(infos, showcase)
            hubs = {}
            for info, status in zip(infos, statuses, strict=True):
                rng = generator.rng
                if info is showcase:
                    n_orgs, n_bodies = high_o, high_b
                else:
                    n_orgs, n_bodies = rng.randint(low_o, high_o), rng.randint(low_b, high_b)
                # Every municipality is in its hub's network, plus a few others (up to the maximum).
                n_orgs = min(max(n_orgs, len(info.municipalities) + 8), max(high_o, len(info.municipalities) + 8))
                n_contacts = int(n_orgs * 1.2 + n_bodies * 0.6)
                plan = builder.HubPlan(
                    info=info, final_status=status, organisations=n_orgs, bodies=n_bodies, contacts=n_contacts
                )
                hubs[info.region.code] = generator.create_hub(plan)
            showcase_hub = hubs[showcase.region.code]
            municipality_org = showcase_hub.organisations.filter(
                org_type=OrganisationType.MUNICIPALITY, name=f"Gemeente {showcase.central.name}"
            ).first()
            demo_scoped_roles_assign(users, hub=showcase_hub, organisation=municipality_org, granted_by=users["admin"])
            question_counts = {}
            if not options["without_questions"]:
                question_counts = demo_questions_build(
                    Hub.objects.filter(pk__in=[h.pk for h in hubs.values()])
                    .select_related("follows_region")
                    .order_by("follows_region__code"),
                    seed=options["seed"],
                    coordinator=users["coordinator"],
                    decision_maker=users["decision_maker"],
                    showcase_hub=showcase_hub,
                    showcase_organisation=municipality_org,
                )
            panel_demo = None
            if not options["without_panels"]:
                panel_demo = demo_panels_build(seed=options["seed"], hub=showcase_hub, coordinator=users["coordinator"])
            funding_demo = None
            if not options["without_funding"]:
                funding_demo = demo_funding_build(
                    hubs=[hubs[code] for code in sorted(hubs)],
                    office=users["programme"],
                    coordinator=users["coordinator"],
                    showcase_hub=showcase_hub,
                    seed=options["seed"],
                )
                funding_demo.counts["assessment"] = demo_assessment_build(
                    call=funding_demo.call_2024,
                    hubs=[showcase_hub] + [hubs[code] for code in sorted(hubs) if hubs[code] != showcase_hub],
                    office=users["programme"],
                    seed=options["seed"],
                )
            # Issue 15: the scan rounds and the questionnaire first, then the quarterly snapshots that read them.
            scans_counts = demo_scans_build(
                hubs=[hubs[code] for code in sorted(hubs)],
                office=users["programme"],
                coordinator=users["coordinator"],
                showcase_hub=showcase_hub,
                seed=options["seed"],
            )
            experience_counts = demo_experience_build(showcase_hub=showcase_hub, seed=options["seed"])
            learning_counts = demo_learning_build(
                hubs=[hubs[code] for code in sorted(hubs)],
                coordinator=users["coordinator"],
                showcase_hub=showcase_hub,
                seed=options["seed"],
            )
            monitoring_counts = demo_monitoring_build(office=users["programme"], seed=options["seed"])
        # The last invitation batch waits for the background worker, as one a coordinator just made.
        waiting = letters_queue_waiting() if panel_demo else 0

        counts = generator.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo klaar in {time.perf_counter() - started:.1f} s: {counts['hubs']} hubs, "
                f"{counts['organisations']} organisaties, {counts['bodies']} participatieorganen, "
                f"{counts['contacts']} contactpersonen, {counts['relations']} relaties, "
                f"{counts['coalition']} coalitieleden, {counts['design_versions']} versies van ontwerpkeuzes."
            )
        )
        if question_counts:
            from participatiehub.questions.constants import QuestionStatus

            per_state = ", ".join(f"{s.label}: {question_counts.get(s.value, 0)}" for s in QuestionStatus)
            self.stdout.write(
                f"Vraagstukken: {question_counts['questions']} ({per_state}); {question_counts['trajectories']} trajecten, "
                f"{question_counts['activities']} activiteiten, {question_counts['recommendations']} aanbevelingen, "
                f"{question_counts['answers']} antwoorden op aanbevelingen; {question_counts['emails']} e-mails "
                "verstuurd (naar niemand: de demo gebruikt de e-mailbox in het geheugen)."
            )
        if panel_demo:
            c = panel_demo.counts
            self.stdout.write(
                f"Inwonerspanel in {showcase_hub.name}: {c['batches']} uitnodigingsrondes ({c['letters']} brieven "
                f"gemaakt, {waiting} ronde wacht op de achtergrondtaak), {c['residents']} aanmeldingen, een loting "
                f"van {c['seated']} uit {c['pool']} (verantwoording openbaar), {c['engagements']} uitnodigingen "
                f"voor bijeenkomsten en {c['allowances']} vergoedingen."
            )
        if funding_demo:
            c = funding_demo.counts
            self.stdout.write(
                f"Subsidies: {len(funding_demo.lines)} programmalijnen; de oproep "
                f'"{funding_demo.call_2024.title}" (2024, gesloten) met {c["draft"]} concepten, '
                f"{c['submitted']} ingediende en {c['returned']} teruggestuurde aanvragen; de open oproep "
                f'"{funding_demo.open_call.title}" met een concept van {showcase_hub.name}.'
            )
            if any(n for stage, n in c.get("assessment", {}).items() if stage != "emails"):
                self.stdout.write(
                    "Beoordeling: aanvragen bij de referenten, in wederhoor, bij de commissie, toegekend en "
                    "afgewezen; inloggen als referent (referent.bakker@team.demo.example) of commissielid "
                    "(commissie.jansen@team.demo.example) met het demowachtwoord, op /subsidies/beoordelen/."
                )
        for label, part in (
            ("Participatiescan", scans_counts),
            ("Vragenlijst deelnemers", experience_counts),
            ("Lessen", learning_counts),
            ("Monitoring", monitoring_counts),
        ):
            if part:
                self.stdout.write(f"{label}: " + ", ".join(f"{key}: {n}" for key, n in part.items()) + ".")
        by_status = {}
        for hub in Hub.objects.all():
            label = str(hub.get_status_display())
            by_status[label] = by_status.get(label, 0) + 1
        self.stdout.write("Hubs per status: " + ", ".join(f"{label}: {n}" for label, n in sorted(by_status.items())))
        self.print_logins()

    def print_logins(self) -> None:
        from participatiehub.accounts.models import RoleAssignment

        coordinator_hub = (
            RoleAssignment.objects.filter(user__email=DEMO_USERS[1].email, hub__isnull=False)
            .select_related("hub")
            .first()
        )
        decision_org = (
            RoleAssignment.objects.filter(user__email=DEMO_USERS[2].email, organisation__isnull=False)
            .select_related("organisation")
            .first()
        )
        slug = coordinator_hub.hub.slug if coordinator_hub else "<hub>"
        hub_name = coordinator_hub.hub.name if coordinator_hub else "een hub"
        org_name = decision_org.organisation.name if decision_org else "een gemeente"
        waiting = None
        if decision_org:
            from participatiehub.questions.constants import QuestionStatus
            from participatiehub.questions.models import PolicyQuestion

            waiting = (
                PolicyQuestion.objects.filter(
                    asking_organisation=decision_org.organisation, status=QuestionStatus.ADVICE_DELIVERED
                )
                .order_by("pk")
                .values_list("pk", flat=True)
                .first()
            )
        answer = f"het advies beantwoorden op /trajecten/{waiting}/reactie/" if waiting else "een advies beantwoorden"
        panels = panel_hints(coordinator_hub.hub) if coordinator_hub else None
        panel_tries = (
            f" Het inwonerspanel: de pool met quota op {panels.pool}, de loting en haar verantwoording op "
            f"{panels.report}, de brieven met aanmeldcodes op /panels/{slug}/uitnodigingen/ (een PDF: "
            f"{panels.letters}), deelname op /panels/{slug}/deelname/ en vergoedingen op /panels/{slug}/vergoedingen/."
            if panels
            else ""
        )
        tries = {
            "programme": (
                "Alle hubs en hun status volgen; een hub aanmaken op /programma/; subsidieoproepen en aanvragen "
                "op /subsidies/beheer/ (een aanvraag controleren en zo nodig één keer terugsturen); de cijfers van "
                "alle hubs per kwartaal op /monitoring/ (kaart, vergelijking, trend); de participatiescan op /scan/rondes/; "
                "een programmarapportage maken, de anonimisering nakijken en de openbare versie downloaden op "
                "/rapportages/."
            ),
            "coordinator": (
                f"De inbox van {hub_name} op /inbox/{slug}/: een vraagstuk innemen, een traject openen "
                f"(activiteiten, advies, terugkoppeling); het netwerk op /netwerk/{slug}/organisaties/; "
                "subsidieaanvragen op /subsidies/aanvragen/ (een concept afmaken en indienen); de participatiescan "
                f"op /scan/ (een concept afmaken); de cijfers van de hub op /monitoring/hub/{slug}/; een les schrijven "
                f"en publiceren op /lessen/hub/{slug}/ en lessen van andere hubs zoeken op /lessen/." + panel_tries
            ),
            "decision_maker": (
                f"Namens {org_name} uw vraagstukken volgen op /vraagstukken/mijn/; {answer} "
                "(per aanbeveling) of een nieuw vraagstuk voorleggen."
            ),
            "evaluator": (
                "Het landelijke overzicht en de openbare vraagstukken met hun uitkomsten op /vraagstukken/; de cijfers "
                "van alle hubs per kwartaal op /monitoring/; de gepseudonimiseerde export voor onderzoek op /evaluatie/; "
                "de open data op /api/v1 (beschrijving: /api/v1/openapi.json)."
            ),
            "admin": (
                "Het beheerscherm op /admin/: de verstuurde e-mails (zoals de terugkoppelingen) op "
                "/admin/core/outgoingemail/, de vrijwilligersvergoeding per jaar op "
                "/admin/panels/volunteerallowancelimit/."
            ),
        }
        rows = [("Rol", "E-mailadres", "Wachtwoord", "Wat kunt u proberen")]
        rows += [(u.role_label, u.email, DEMO_PASSWORD, tries[u.key]) for u in DEMO_USERS]
        widths = [max(len(r[i]) for r in rows) for i in range(3)]
        self.stdout.write("")
        self.stdout.write("Demo-accounts (inloggen op /account/login/):")
        for i, row in enumerate(rows):
            self.stdout.write("  " + "  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row[:3])) + "  " + row[3])
            if i == 0:
                self.stdout.write("  " + "  ".join("-" * w for w in widths) + "  " + "-" * len(row[3]))
        self.stdout.write(
            "Zonder inloggen: de openbare vraagstukken op /vraagstukken/, elk met de tijdlijn van vraag tot "
            "terugkoppeling en het antwoord per aanbeveling."
        )
        if panels:
            self.stdout.write(
                f"Zonder inloggen: de openbare verantwoording van de loting op {panels.public_report}; "
                f"als inwoner aanmelden met een ongebruikte code uit de brieven op {panels.signup}."
            )
