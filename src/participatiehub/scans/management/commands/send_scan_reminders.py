import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from participatiehub.scans import services


class Command(BaseCommand):
    help = (
        "E-mail the coordinators of hubs that have not submitted the participation scan: the invitation on "
        "the opening date, a reminder on each of the round's reminder days before the deadline and one "
        "after it. Safe to run as often as you like (daily from cron): each e-mail is sent once."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", help="Pretend it is this moment (YYYY-MM-DDTHH:MM, Dutch time); for testing.")

    def handle(self, *args, **options):
        now = None
        if options["now"]:
            try:
                now = timezone.make_aware(dt.datetime.fromisoformat(options["now"]))
            except ValueError as exc:
                raise CommandError("Gebruik --now JJJJ-MM-DDTUU:MM.") from exc
        sent = services.reminders_send(now=now)
        self.stdout.write(f"{sent} e-mail(s) over de participatiescan verstuurd.")
