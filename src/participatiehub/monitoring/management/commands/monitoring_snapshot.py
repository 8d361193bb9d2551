"""``manage.py monitoring_snapshot``: take the quarter's snapshots (run from cron after each quarter)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from participatiehub.core.exceptions import ServiceError
from participatiehub.hubs.models import Hub
from participatiehub.monitoring.models import Snapshot
from participatiehub.monitoring.periods import Quarter
from participatiehub.monitoring.services import hub_statuses, snapshot_take


class Command(BaseCommand):
    help = (
        "Legt de cijfers van een kwartaal vast voor elke hub (een momentopname). Standaard het laatste "
        "afgelopen kwartaal. Veilig om vaker te draaien: een hub die al een momentopname van dat kwartaal "
        "heeft, slaan we over."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--period",
            default="",
            help="Het kwartaal, bijvoorbeeld 2026-Q3. Standaard: het laatste afgelopen kwartaal.",
        )
        parser.add_argument("--hub", default="", help="Alleen deze hub (de korte naam in het webadres).")

    def handle(self, *args, **options):
        with translation.override("nl"):
            self._handle(**options)

    def _handle(self, **options):
        started = time.perf_counter()
        text = (options["period"] or "").strip()
        if text:
            try:
                quarter = Quarter.parse(text)
            except ValueError:
                raise CommandError(
                    f"'{text}' is geen kwartaal. Schrijf het jaar, een streepje en Q1 tot en met Q4, "
                    "bijvoorbeeld 2026-Q3."
                ) from None
        else:
            quarter = Quarter.last_complete()
        hub_ids = None
        if options["hub"]:
            hub = Hub.objects.filter(slug=options["hub"].strip()).first()
            if hub is None:
                raise CommandError(f"Er is geen hub met de korte naam '{options['hub']}'.")
            hub_ids = [hub.pk]
        try:
            taken = snapshot_take(quarter, hub_ids=hub_ids)
        except ServiceError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        hubs = hub_statuses(quarter, hub_ids)
        present = (
            Snapshot.objects.filter(period=str(quarter), hub_id__in=list(hubs)).values("hub_id").distinct().count()
        )
        self.stdout.write(
            f"Kwartaal {quarter}: {taken} momentopname(n) gemaakt; {present - taken} hub(s) had(den) er al een; "
            f"{len(hubs)} hub(s) bestonden in dit kwartaal ({time.perf_counter() - started:.1f} s)."
        )
