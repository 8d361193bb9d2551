"""Demo data for lessons between hubs: eight published lessons spread over the demo hubs and the past
months, and one draft of the showcase hub's coordinator. Written through the product's own services (so
the search columns are filled as in production), then dated back. One lesson speaks of an
"ervaringsdeskundige": searching for "ervaringsdeskundigen" finds it. No real persons are named."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from participatiehub.learning import services
from participatiehub.learning.models import Lesson
from participatiehub.trajectories.models import Trajectory

#: (title, context, tried, worked, did not work, advice, themes, forms, phase, target groups)
LESSONS = [
    (
        "Ervaringsdeskundigen betalen zonder risico voor hun uitkering",
        "Wij wilden mensen met een chronische ziekte laten meedenken over de zorg in de wijk. Veel van hen hebben "
        "een uitkering. Zij waren bang dat een vergoeding hun uitkering in gevaar zou brengen.",
        "Wij spraken vooraf met de gemeente en het UWV. Elke ervaringsdeskundige kreeg een vrijwilligersvergoeding "
        "onder de grens die de Belastingdienst noemt. Wij legden dat op één A4 uit, in eenvoudige taal.",
        "Mensen durfden mee te doen. Na een jaar deden twee keer zoveel ervaringsdeskundigen mee.",
        "Reiskosten betaalden wij eerst achteraf. Dat was voor sommige mensen te lang wachten.",
        "Regel de vergoeding vóór de eerste bijeenkomst. Betaal reiskosten meteen, of geef een ov-kaart.",
        ["wozo"],
        ["expert_by_experience"],
        "developing",
        ["chronic_illness", "low_income"],
    ),
    (
        "Een burgerpanel loten: alleen brieven is niet genoeg",
        "Voor het regioplan wilden wij een burgerpanel dat lijkt op de regio. Wij stuurden 2000 brieven.",
        "Wij loten uit de aanmeldingen met quota voor leeftijd, opleiding en woonplaats.",
        "Het loten zelf was eerlijk en goed uit te leggen. Het verslag over de loting werd goed gelezen.",
        "Er meldden zich vooral oudere, hoogopgeleide inwoners aan. Jongeren bleven weg.",
        "Bel of bezoek mensen na de brief. Vraag buurtwerkers om te helpen bij de groepen die u mist.",
        ["gala"],
        ["citizens_panel"],
        "operational",
        ["all_residents", "young_people"],
    ),
    (
        "Jongeren bereiken via school en sportclub",
        "Jongeren kwamen niet naar onze avonden over mentale gezondheid.",
        "Wij gingen naar twee middelbare scholen en een sportclub. Jongeren praatten in kleine groepen, overdag.",
        "Korte gesprekken van een half uur werkten goed. Jongeren gaven veel ideeën.",
        "Een vragenlijst op papier vulde bijna niemand in.",
        "Ga naar de plekken waar jongeren al zijn. Houd het kort en laat zien wat er met hun ideeën gebeurt.",
        ["iza_azwa"],
        ["residents_initiative"],
        "developing",
        ["young_people", "mental_health"],
    ),
    (
        "Binnen acht weken terugkoppelen",
        "Deelnemers vroegen vaak: wat is er met ons advies gedaan? Soms hoorden zij maanden niets.",
        "Wij spraken met de gemeente af dat zij binnen zes weken antwoorden. Daarna koppelen wij binnen twee "
        "weken terug aan alle deelnemers.",
        "Deelnemers doen vaker opnieuw mee. Ook als een advies niet werd overgenomen, vonden zij de uitleg fijn.",
        "Niet elke organisatie hield zich aan de afspraak. Wij moesten vaak herinneren.",
        "Maak de afspraak over terugkoppeling vóór het traject begint, en zet de datum in de agenda van de beslisser.",
        ["iza_azwa", "wozo"],
        ["social_domain_advisory_council"],
        "operational",
        ["all_residents"],
    ),
    (
        "Samenwerken met de cliëntenraden van zorgaanbieders",
        "In onze regio hebben veel zorgaanbieders een eigen cliëntenraad. Die raden kenden elkaar niet.",
        "Wij organiseerden twee keer per jaar een ontmoeting voor alle cliëntenraden in de regio.",
        "De raden delen nu kennis en geven samen advies over het regioplan ouderenzorg.",
        "Niet alle raden hadden tijd. Sommige raden zijn erg klein.",
        "Begin met een paar raden die willen. Andere raden sluiten later aan als zij zien dat het werkt.",
        ["wozo"],
        ["client_council"],
        "forming_coalition",
        ["older_people"],
    ),
    (
        "Uitnodigingen in eenvoudige taal",
        "Onze eerste uitnodiging was lang en moeilijk. Weinig mensen reageerden.",
        "Wij lieten de brief testen door een taalpanel. De brief werd korter, met een plaatje en een telefoonnummer.",
        "Er kwamen meer reacties, ook van mensen die moeite hebben met lezen.",
        "Een QR-code alleen was niet genoeg. Veel mensen belden liever.",
        "Test elke uitnodiging met mensen uit de doelgroep. Zorg dat mensen ook kunnen bellen.",
        ["gala"],
        ["citizens_panel"],
        "developing",
        ["low_literacy"],
    ),
    (
        "Mantelzorgers laten meepraten op een tijd die hen past",
        "Mantelzorgers hebben weinig tijd. Zij kwamen niet naar onze avonden.",
        "Wij boden korte online gesprekken aan, en een telefoongesprek op een tijd die zij zelf kozen.",
        "Veel meer mantelzorgers deden mee. Zij vertelden open over hun zorgen.",
        "Online gesprekken met grote groepen werkten niet goed.",
        "Vraag mantelzorgers eerst wanneer het hen past. Houd groepen klein.",
        ["wozo"],
        ["expert_by_experience"],
        "operational",
        ["informal_carers"],
    ),
    (
        "Een coalitie vormen met gemeenten en de zorgverzekeraar",
        "Als kwartiermaker moesten wij een coalitie vormen. Gemeenten, zorgverzekeraar en GGD wilden meedoen, "
        "maar niemand wilde penvoerder zijn.",
        "Wij maakten samen een korte samenwerkingsovereenkomst. Wij spraken af wie wat doet en wie betaalt.",
        "De overeenkomst gaf duidelijkheid. De aanvraag kon op tijd worden ingediend.",
        "Het duurde lang voordat iedereen had getekend.",
        "Begin vroeg met de afspraken over geld en verantwoordelijkheid. Leg ze kort op papier vast.",
        ["taz", "iza_azwa"],
        ["collective_advocate"],
        "preparing",
        ["all_residents"],
    ),
]
DRAFT = (
    "Een digitale bijeenkomst voor inwoners",
    "Wij willen ook inwoners bereiken die niet naar een bijeenkomst kunnen komen.",
    "Wij proberen een online bijeenkomst van een uur, met een gespreksleider.",
    "",
    "",
    "",
    ["iza_azwa"],
    ["citizens_panel"],
    "developing",
    ["chronic_illness"],
)
FIELDS = (
    "title",
    "context",
    "tried",
    "worked",
    "did_not_work",
    "advice",
    "themes",
    "participation_forms",
    "phase",
    "target_groups",
)


def demo_learning_build(*, hubs, coordinator, showcase_hub, seed: int) -> dict[str, int]:
    """Eight published lessons (the showcase hub writes the first two) and the showcase hub's draft."""
    rng = random.Random(seed * 104729 + 16)
    others = [hub for hub in hubs if hub.pk != showcase_hub.pk] or [showcase_hub]
    trajectory = Trajectory.objects.filter(hub=showcase_hub).order_by("pk").first()
    now = timezone.now()
    published = 0
    for number, row in enumerate(LESSONS):
        hub = showcase_hub if number < 2 else others[(number - 2) % len(others)]
        actor = coordinator if hub == showcase_hub else None
        lesson = services.lesson_create(
            actor=actor,
            hub=hub,
            trajectories=[trajectory] if trajectory and hub == showcase_hub and number == 0 else None,
            **dict(zip(FIELDS, row, strict=True)),
        )
        lesson = services.lesson_publish(actor=actor, lesson=lesson, expected_version=lesson.version)
        # Spread over the past eight months, the first lesson the newest.
        days = 12 + number * 27 + rng.randint(0, 9)
        Lesson.objects.filter(pk=lesson.pk).update(published_at=now - dt.timedelta(days=days, hours=rng.randint(0, 8)))
        published += 1
    services.lesson_create(actor=coordinator, hub=showcase_hub, **dict(zip(FIELDS, DRAFT, strict=True)))
    return {"gepubliceerd": published, "concept": 1}
