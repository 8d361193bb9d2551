from django.core.management.base import BaseCommand

from participatiehub.core.models import OutgoingEmail
from participatiehub.core.tasks import MAX_ATTEMPTS, send_email


class Command(BaseCommand):
    help = "Queue every e-mail that is waiting or failed (up to the maximum number of attempts) for sending again."

    def handle(self, *args, **options):
        pks = list(
            OutgoingEmail.objects.exclude(status=OutgoingEmail.Status.SENT)
            .filter(attempts__lt=MAX_ATTEMPTS)
            .values_list("pk", flat=True)
        )
        for pk in pks:
            send_email.enqueue(pk)
        self.stdout.write(f"{len(pks)} e-mail(s) opnieuw in de wachtrij gezet.")
