import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from participatiehub.trajectories import services


class Command(BaseCommand):
    help = (
        "E-mail decision-makers about advice they have not fully answered: "
        f"{services.REMINDER_DAYS_BEFORE} days before the due date and once after it. "
        "Safe to run as often as you like (daily from cron): each reminder is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Pretend today is this date (YYYY-MM-DD); for testing.")
        parser.add_argument(
            "--base-url", default="", help="Start of the links in the e-mails, e.g. https://participatiehub.nl"
        )

    def handle(self, *args, **options):
        today = None
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError as exc:
                raise CommandError("Gebruik --today JJJJ-MM-DD.") from exc
        sent = services.answer_reminders_send(today=today, base_url=options["base_url"] or None)
        self.stdout.write(f"{sent} herinnering(en) verstuurd.")
