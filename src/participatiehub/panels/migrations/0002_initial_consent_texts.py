"""The first versions of the consent texts, in plain Dutch (B1). New versions are new rows."""

import datetime as dt

from django.db import migrations

VALID_FROM = dt.date(2025, 1, 1)
TEXTS = {
    "panel": (
        "Ik doe mee met het inwonerspanel van deze hub. De hub mag mij per e-mail uitnodigen voor "
        "gesprekken, bijeenkomsten en loting. Ik beslis zelf of ik kom. Ik kan altijd stoppen."
    ),
    "attributes": (
        "De hub mag mijn antwoorden over leeftijd, gender, opleiding en gemeente gebruiken. "
        "Zo kan de hub eerlijk loten: mensen van allerlei groepen krijgen een kans. "
        "Alleen de medewerkers van de hub zien mijn antwoorden. Ik kan dit altijd intrekken."
    ),
    "special": (
        "De hub mag mijn antwoorden over mijn gezondheid of mijn ervaring gebruiken. Dit zijn "
        "bijzondere persoonsgegevens. De hub gebruikt ze alleen voor een eerlijke loting. "
        "Ze worden apart bewaard. Alleen de medewerkers van de hub zien ze. "
        "Ik kan dit altijd intrekken. Dan worden de antwoorden gewist."
    ),
    "feedback": (
        "De hub mag mij per e-mail vertellen wat er met de inbreng van inwoners is gedaan. Ik kan dit altijd intrekken."
    ),
}


def add_texts(apps, schema_editor):
    ConsentText = apps.get_model("panels", "ConsentText")
    for purpose, text in TEXTS.items():
        ConsentText.objects.get_or_create(
            purpose=purpose, version=1, defaults={"text": text, "valid_from": VALID_FROM}
        )


class Migration(migrations.Migration):
    dependencies = [("panels", "0001_initial")]

    operations = [migrations.RunPython(add_texts, migrations.RunPython.noop)]
