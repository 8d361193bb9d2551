"""``manage.py generate_scale_data``: a national-scale data set for benchmarks (deterministic, seeded)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation

from participatiehub.demo import builder
from participatiehub.demo.management.commands.demo import ensure_regions, select_regions
from participatiehub.demo.scale_grants import ScaleGrants
from participatiehub.demo.scale_monitoring import ScaleMonitoring
from participatiehub.demo.scale_questions import ScaleQuestions
from participatiehub.hubs.models import Hub
from participatiehub.monitoring.models import Snapshot
from participatiehub.network.models import ContactPerson, Organisation, ParticipationBody
from participatiehub.questions.models import PolicyQuestion


class Command(BaseCommand):
    help = (
        "Maakt een landelijke dataset voor benchmarks: een hub per zorgkantoorregio (alle gemeenten) met in "
        "totaal het gevraagde aantal organisaties, participatieorganen, contactpersonen en vraagstukken (met "
        "trajecten, adviezen, antwoorden en terugkoppeling)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=10_000, help="Aantal organisaties (totaal).")
        parser.add_argument("--bodies", type=int, default=20_000, help="Aantal participatieorganen (totaal).")
        parser.add_argument("--contacts", type=int, default=50_000, help="Aantal contactpersonen (totaal).")
        parser.add_argument(
            "--questions", type=int, default=20_000, help="Aantal vraagstukken (totaal, over alle statussen)."
        )
        parser.add_argument(
            "--grants", type=int, default=400, help="Aantal subsidies (totaal, over alle statussen en hubs)."
        )
        parser.add_argument("--seed", type=int, default=2026, help="Startgetal voor het toeval.")
        parser.add_argument(
            "--regions", default="", help="Alleen deze zorgkantoorregio's (voor tests), bijvoorbeeld ZK02,ZK23."
        )
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Verwijder eerst alle hubs en netwerken als de database niet al precies deze omvang heeft.",
        )

    def handle(self, *args, **options):
        with translation.override("nl"):
            self._handle(**options)
        # The data were written in bulk, past the services: drop cached pages.
        from django.core.cache import cache

        cache.clear()

    def _handle(self, **options):
        started = time.perf_counter()
        wanted = {
            "organisations": options["organisations"],
            "bodies": options["bodies"],
            "contacts": options["contacts"],
            "questions": options["questions"],
        }
        if any(n < 0 for n in wanted.values()):
            raise CommandError("Aantallen kunnen niet negatief zijn.")
        ensure_regions(self.stdout)
        codes = [c.strip().upper() for c in options["regions"].split(",") if c.strip()] or None
        infos = select_regions(codes, None)

        present = {
            "hubs": Hub.objects.count(),
            "organisations": Organisation.objects.count(),
            "bodies": ParticipationBody.objects.count(),
            "contacts": ContactPerson.objects.count(),
            "questions": PolicyQuestion.objects.count(),
        }
        if present["hubs"]:
            same_size = (
                present["hubs"] == len(infos)
                and all(present[k] == n for k, n in wanted.items())
                and Snapshot.objects.exists()  # a data set made before monitoring existed is made again
            )
            if same_size:
                self.stdout.write(
                    f"De dataset is er al in deze omvang ({present['hubs']} hubs, {present['organisations']} organisaties, "
                    f"{present['bodies']} participatieorganen, {present['contacts']} contactpersonen, "
                    f"{present['questions']} vraagstukken). Niets gedaan."
                )
                return
            if not options["reset"]:
                raise CommandError(
                    f"Er staan al {present['hubs']} hubs en {present['organisations']} organisaties in de database. "
                    "Gebruik --reset om ze te verwijderen en de dataset opnieuw te maken."
                )
            t = time.perf_counter()
            builder.wipe_hubs_and_networks()
            self.stdout.write(f"Bestaande hubs en netwerken verwijderd in {time.perf_counter() - t:.1f} s.")

        weights = [len(i.municipalities) + 3 for i in infos]
        per_hub = {k: builder.distribute(n, weights) for k, n in wanted.items() if k != "questions"}
        generator = builder.Generator(seed=options["seed"])
        showcase = next((i for code in builder.SHOWCASE_REGIONS for i in infos if i.region.code == code), None)
        statuses = generator.final_statuses(infos, showcase)
        self.stdout.write(
            f"Bezig: {len(infos)} hubs, {wanted['organisations']} organisaties, {wanted['bodies']} participatieorganen, "
            f"{wanted['contacts']} contactpersonen, {wanted['questions']} vraagstukken ({connection.vendor}) …"
        )
        hubs = []
        for n, (info, status) in enumerate(zip(infos, statuses, strict=True)):
            plan = builder.HubPlan(
                info=info,
                final_status=status,
                organisations=per_hub["organisations"][n],
                bodies=per_hub["bodies"][n],
                contacts=per_hub["contacts"][n],
            )
            hubs.append(generator.create_hub(plan))
            if options["verbosity"] > 1:
                self.stdout.write(
                    f"  {info.region.name}: {plan.organisations} organisaties ({time.perf_counter() - started:.1f} s)"
                )
        t = time.perf_counter()
        try:
            question_counts = ScaleQuestions(seed=options["seed"]).create(wanted["questions"], hubs)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Vraagstukken: {question_counts['questions']} met {question_counts['status_changes']} statuswijzigingen, "
            f"{question_counts['trajectories']} trajecten, {question_counts['advice']} adviezen, "
            f"{question_counts['recommendations']} aanbevelingen, {question_counts['responses']} antwoorden, "
            f"{question_counts['feedback']} terugkoppelingen ({time.perf_counter() - t:.1f} s)."
        )
        t = time.perf_counter()
        grant_counts = ScaleGrants(seed=options["seed"]).create(options["grants"], hubs)
        self.stdout.write(f"Subsidies: {grant_counts['grants']} ({time.perf_counter() - t:.1f} s).")
        monitoring = ScaleMonitoring(seed=options["seed"]).create()
        self.stdout.write(
            f"Monitoring: netwerk gedateerd ({monitoring['dated']} rijen, {monitoring['network_seconds']:.1f} s), "
            f"{monitoring['snapshots']} momentopnamen over {monitoring['quarters']} kwartalen met "
            f"{monitoring['values']} cijfers ({monitoring['seconds']:.1f} s)."
        )
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        counts = generator.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar in {time.perf_counter() - started:.1f} s: {counts['hubs']} hubs, {counts['organisations']} organisaties, "
                f"{counts['bodies']} participatieorganen, {counts['contacts']} contactpersonen, {counts['relations']} relaties."
            )
        )
