from django.core.management.base import BaseCommand

from participatiehub.experience import services


class Command(BaseCommand):
    help = (
        "Verstuur de uitnodigingen voor de vragenlijst die nog niet verstuurd zijn (ook die na een storing "
        "niet gemaakt zijn), en haal de persoonlijke links uit verstuurde e-mails. "
        "Veilig om zo vaak te draaien als u wilt (bijvoorbeeld dagelijks): elke uitnodiging gaat één keer weg."
    )

    def handle(self, *args, **options):
        sent = services.invitations_send()
        self.stdout.write(f"{sent} uitnodiging(en) voor de vragenlijst verstuurd.")
