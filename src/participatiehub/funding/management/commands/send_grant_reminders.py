import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from participatiehub.funding import services_grants


class Command(BaseCommand):
    help = (
        "E-mail grantees about progress reports: "
        f"{services_grants.REMINDER_DAYS_BEFORE} days before the due date (or at once when it has passed). "
        "Safe to run as often as you like (daily from cron): each reminder is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD); for testing.")

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("Gebruik --today JJJJ-MM-DD.") from exc
        sent = services_grants.grant_reminders_send(today=today)
        self.stdout.write(f"{sent} herinnering(en) verstuurd.")
