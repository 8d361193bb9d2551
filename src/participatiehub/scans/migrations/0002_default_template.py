"""The default participation scan: seven dimensions with three or four questions each, on one scale of
1 ("Helemaal niet") to 5 ("Helemaal wel"), published as version 1. The texts are Dutch data (B1)."""

from django.db import migrations

TEMPLATE_NAME = "Participatiescan"
TEMPLATE_DESCRIPTION = (
    "Hoe ver is participatie in uw regio? Met deze scan kijkt u één keer per jaar samen met uw coalitie "
    "hoe het staat met inwonersparticipatie in de hub."
)
SCALE_NAME = "Helemaal niet – helemaal wel"
POINTS = ((1, "Helemaal niet"), (2, "Een beetje"), (3, "Deels"), (4, "Grotendeels"), (5, "Helemaal wel"))
NOT_APPLICABLE = "Weet ik niet / niet van toepassing"

#: (code, name, explanation, [(question, help text)]); the codes stay the same in every version.
DIMENSIONS = [
    (
        "vision",
        "Visie en ambitie",
        "Weet de coalitie waarom zij inwoners laat meedoen, en wat zij wil bereiken?",
        [
            (
                "Onze hub heeft een visie op participatie die op papier staat.",
                "Bijvoorbeeld in een plan of een startnotitie.",
            ),
            ("De partners in de coalitie delen deze visie.", ""),
            (
                "We hebben doelen voor dit jaar die we kunnen meten.",
                "Bijvoorbeeld: hoeveel mensen meedoen, of hoeveel adviezen we geven.",
            ),
            ("Inwoners hebben meegedacht over de visie en de doelen.", ""),
        ],
    ),
    (
        "network",
        "Netwerk en samenwerking",
        "Werken de juiste organisaties samen, en weten ze elkaar te vinden?",
        [
            ("Gemeenten, zorgaanbieders en zorgverzekeraar doen mee in de coalitie.", ""),
            ("Cliëntenraden, adviesraden en inwonersgroepen zijn aangesloten.", ""),
            ("De partners maken duidelijke afspraken over wie wat doet.", ""),
            ("De partners komen regelmatig bij elkaar om te overleggen.", "Bijvoorbeeld elke maand of elk kwartaal."),
        ],
    ),
    (
        "reach",
        "Bereik en diversiteit: wie doet mee",
        "Doen verschillende groepen inwoners mee, ook mensen die we minder vaak horen?",
        [
            ("We weten welke groepen inwoners meedoen en welke niet.", ""),
            (
                "We zoeken actief mensen op die minder vaak meedoen.",
                "Bijvoorbeeld jongeren, mensen met weinig geld of mensen die de taal minder goed spreken.",
            ),
            (
                "De mensen die meedoen lijken op de inwoners van onze regio.",
                "Denk aan leeftijd, opleiding, afkomst en gezondheid.",
            ),
        ],
    ),
    (
        "methods",
        "Werkvormen en ondersteuning van deelnemers",
        "Passen de manieren van meedoen bij de mensen, en krijgen zij de hulp die zij nodig hebben?",
        [
            (
                "We gebruiken verschillende manieren om mee te doen.",
                "Bijvoorbeeld een panel, een gesprek aan de keukentafel of een online vragenlijst.",
            ),
            ("Deelnemers krijgen uitleg en hulp als zij dat nodig hebben.", ""),
            ("Deelnemers krijgen een vergoeding voor hun tijd en kosten.", ""),
            ("Onze informatie is in eenvoudige taal geschreven.", ""),
        ],
    ),
    (
        "influence",
        "Invloed op besluiten",
        "Hebben de inbreng en adviezen van inwoners echt invloed op beleid en besluiten?",
        [
            ("Beslissers vragen de hub om mee te denken voordat zij besluiten.", ""),
            ("Adviezen van inwoners worden besproken door de mensen die beslissen.", ""),
            ("We kunnen laten zien welke besluiten zijn veranderd door inbreng van inwoners.", ""),
        ],
    ),
    (
        "feedback",
        "Terugkoppeling aan deelnemers",
        "Horen deelnemers wat er met hun inbreng is gedaan?",
        [
            (
                "Deelnemers horen binnen afzienbare tijd wat er met hun inbreng is gebeurd.",
                "Bijvoorbeeld binnen acht weken na het advies.",
            ),
            ("We leggen uit waarom een advies wel of niet is overgenomen.", ""),
            (
                "Ook andere inwoners kunnen zien wat de hub heeft gedaan.",
                "Bijvoorbeeld op een website of in een nieuwsbrief.",
            ),
        ],
    ),
    (
        "continuity",
        "Organisatie, geld en continuïteit",
        "Kan de hub blijven bestaan, ook als de subsidie stopt?",
        [
            ("De hub heeft genoeg mensen om het werk te doen.", ""),
            ("Er is geld voor de hub voor de komende twee jaar.", ""),
            ("De partners dragen zelf bij, in geld of in uren.", ""),
            ("Kennis en contacten blijven bewaard als iemand vertrekt.", ""),
        ],
    ),
]


def seed(apps, schema_editor=None):
    """Create the default template (once). Also used by tests that run after a flush."""
    ScanTemplate = apps.get_model("scans", "ScanTemplate")
    TemplateVersion = apps.get_model("scans", "TemplateVersion")
    AnswerScale = apps.get_model("scans", "AnswerScale")
    ScalePoint = apps.get_model("scans", "ScalePoint")
    Dimension = apps.get_model("scans", "Dimension")
    Question = apps.get_model("scans", "Question")
    from django.utils import timezone

    template, created = ScanTemplate.objects.get_or_create(
        name=TEMPLATE_NAME, defaults={"description": TEMPLATE_DESCRIPTION}
    )
    if not created and TemplateVersion.objects.filter(template=template).exists():
        return
    version = TemplateVersion.objects.create(
        template=template, number=1, status="published", published_at=timezone.now(), note="Eerste versie."
    )
    scale = AnswerScale.objects.create(
        template_version=version, name=SCALE_NAME, allows_not_applicable=True, not_applicable_label=NOT_APPLICABLE
    )
    ScalePoint.objects.bulk_create([ScalePoint(scale=scale, value=v, label=label) for v, label in POINTS])
    for order, (code, name, explanation, questions) in enumerate(DIMENSIONS, start=1):
        dimension = Dimension.objects.create(
            template_version=version, code=code, name=name, explanation=explanation, order=order
        )
        Question.objects.bulk_create(
            [
                Question(dimension=dimension, scale=scale, text=text, help_text=hint, order=n)
                for n, (text, hint) in enumerate(questions, start=1)
            ]
        )


def unseed(apps, schema_editor):
    ScanTemplate = apps.get_model("scans", "ScanTemplate")
    ScanTemplate.objects.filter(name=TEMPLATE_NAME, versions__rounds__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("scans", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
