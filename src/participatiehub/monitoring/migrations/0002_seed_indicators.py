"""The indicator catalogue as the programme office starts with it (Dutch: the office edits it in Dutch).

Computed indicators (source "records") have their computation in ``monitoring/indicators.py`` under the
same code. Self-reported ones read the yearly participation scan (one per dimension; ``source_key`` =
the dimension's code) or the participants' questionnaire (one per item; ``source_key`` = the item's code).
The rows are frozen here on purpose: a later change of the catalogue is the office's, in the interface.
"""

from django.db import migrations

# code, name, definition, unit, method, direction, source_key
RECORDS = [
    (
        "municipalities_covered",
        "Gemeenten in het gebied",
        "Het aantal gemeenten waar de hub werkt op de laatste dag van het kwartaal.",
        "count",
        "We tellen de gemeenten van de hub die op de laatste dag van het kwartaal bij de hub horen "
        "(begindatum op of voor die dag, geen einddatum of een einddatum op of na die dag).",
        "higher",
    ),
    (
        "network_organisations",
        "Organisaties in het netwerk",
        "Het aantal organisaties in het netwerk van de hub aan het eind van het kwartaal.",
        "count",
        "We tellen de organisaties die de hub voor het einde van het kwartaal heeft vastgelegd.",
        "higher",
    ),
    (
        "network_bodies",
        "Participatieorganen",
        "Het aantal participatieorganen (zoals adviesraden, cliëntenraden en panels) in het netwerk aan het "
        "eind van het kwartaal.",
        "count",
        "We tellen de participatieorganen die de hub voor het einde van het kwartaal heeft vastgelegd.",
        "higher",
    ),
    (
        "network_forms",
        "Vormen van participatie",
        "Hoeveel verschillende vormen van participatie de participatieorganen samen bieden, zoals een adviesraad, "
        "een burgerpanel of een pool van ervaringsdeskundigen.",
        "count",
        "We tellen de verschillende vormen bij de participatieorganen die voor het einde van het kwartaal zijn "
        "vastgelegd. Elke vorm telt één keer.",
        "higher",
    ),
    (
        "network_domains",
        "Domeinen in het netwerk",
        "In hoeveel van de drie domeinen het netwerk actief is: gezondheid, zorg en ondersteuning (0 tot 3).",
        "count",
        "Een domein telt mee als ten minste één organisatie of participatieorgaan van voor het einde van het "
        "kwartaal in dat domein werkt.",
        "higher",
    ),
    (
        "questions_received",
        "Vraagstukken ontvangen",
        "Het aantal vraagstukken dat beslissers in het kwartaal aan de hub voorlegden.",
        "count",
        "We tellen de vraagstukken met een datum van indienen in het kwartaal (Nederlandse tijd).",
        "neutral",
    ),
    (
        "questions_accepted",
        "Vraagstukken aangenomen",
        "Het aantal vraagstukken dat de hub in het kwartaal heeft aangenomen.",
        "count",
        "We tellen de vraagstukken die in het kwartaal de status 'aangenomen' kregen.",
        "neutral",
    ),
    (
        "questions_declined",
        "Vraagstukken afgewezen",
        "Het aantal vraagstukken dat de hub in het kwartaal heeft afgewezen.",
        "count",
        "We tellen de vraagstukken die in het kwartaal de status 'afgewezen' kregen.",
        "neutral",
    ),
    (
        "questions_answered",
        "Adviezen beantwoord",
        "Het aantal vraagstukken waarbij de beslisser in het kwartaal op het hele advies antwoordde.",
        "count",
        "We tellen de vraagstukken die in het kwartaal de status 'beantwoord' kregen: de beslisser gaf een "
        "antwoord op elke aanbeveling.",
        "higher",
    ),
    (
        "days_to_advice",
        "Dagen tot het advies",
        "Hoeveel dagen het meestal duurt van vraagstuk tot advies (de mediaan).",
        "days",
        "Voor elk advies dat in het kwartaal is uitgebracht: het aantal dagen tussen de datum van indienen van "
        "het vraagstuk en de datum van het advies. Daarvan de mediaan. Leeg als er geen advies was.",
        "lower",
    ),
    (
        "days_to_answer",
        "Dagen tot het antwoord",
        "Hoeveel dagen het meestal duurt van advies tot antwoord van de beslisser (de mediaan).",
        "days",
        "Voor elk vraagstuk dat in het kwartaal helemaal beantwoord is: het aantal dagen tussen het advies en het "
        "antwoord op de laatste aanbeveling. Daarvan de mediaan. Leeg als er geen antwoord was.",
        "lower",
    ),
    (
        "rung_kept",
        "Belofte over inspraak gehouden",
        "Het deel van de afgeronde trajecten waarin deelnemers minstens zoveel inspraak kregen als beloofd "
        "(de trede op de participatieladder).",
        "percent",
        "Trajecten met terugkoppeling in het kwartaal en een vastgelegde trede: het deel waarin de geleverde "
        "trede gelijk is aan of hoger is dan de beloofde. Leeg als er geen trajecten waren.",
        "higher",
    ),
    (
        "recommendations_adopted",
        "Aanbevelingen overgenomen",
        "Het deel van de aanbevelingen dat de beslisser helemaal overnam.",
        "percent",
        "Van de antwoorden op aanbevelingen die in het kwartaal zijn gegeven: het deel 'overgenomen'. Leeg als er "
        "geen antwoorden waren.",
        "higher",
    ),
    (
        "recommendations_partly_adopted",
        "Aanbevelingen deels overgenomen",
        "Het deel van de aanbevelingen dat de beslisser voor een deel overnam.",
        "percent",
        "Van de antwoorden op aanbevelingen die in het kwartaal zijn gegeven: het deel 'deels overgenomen'. Leeg "
        "als er geen antwoorden waren.",
        "neutral",
    ),
    (
        "recommendations_not_adopted",
        "Aanbevelingen niet overgenomen",
        "Het deel van de aanbevelingen dat de beslisser niet overnam.",
        "percent",
        "Van de antwoorden op aanbevelingen die in het kwartaal zijn gegeven: het deel 'niet overgenomen'. Leeg "
        "als er geen antwoorden waren.",
        "lower",
    ),
    (
        "answers_with_reason",
        "Antwoorden met uitleg",
        "Het deel van de antwoorden op aanbevelingen waarbij de beslisser uitlegt waarom.",
        "percent",
        "Van de antwoorden op aanbevelingen die in het kwartaal zijn gegeven: het deel met een ingevulde reden. "
        "Leeg als er geen antwoorden waren.",
        "higher",
    ),
    (
        "feedback_on_time",
        "Terugkoppeling op tijd",
        "Het deel van de terugkoppelingen aan deelnemers dat op tijd kwam: binnen de termijn van de hub na het "
        "antwoord van de beslisser.",
        "percent",
        "Terugkoppelingen die in het kwartaal zijn gepubliceerd: het deel dat binnen het aantal weken van de hub "
        "na het antwoord kwam (per kalenderdag). Leeg als er geen terugkoppeling was.",
        "higher",
    ),
    (
        "panel_deviation",
        "Afwijking panel van de bevolking",
        "Hoeveel de samenstelling van een geloot panel gemiddeld afwijkt van de bevolking (in procentpunten). "
        "Hoe lager, hoe beter het panel lijkt op de bevolking.",
        "percent",
        "Voor elke loting die in het kwartaal klaar was: per kenmerk en waarde met een bevolkingscijfer het "
        "verschil tussen het aandeel in het panel en het aandeel in de bevolking, zonder min-teken. Daarvan het "
        "gemiddelde per loting, en het gemiddelde over de lotingen. Leeg als er geen loting was.",
        "lower",
    ),
    (
        "grants_awarded",
        "Subsidie toegekend",
        "Het totale bedrag aan subsidie dat de hub tot het eind van het kwartaal kreeg toegekend.",
        "euro",
        "De som van de toegekende bedragen van alle subsidies die voor het einde van het kwartaal zijn toegekend.",
        "neutral",
    ),
    (
        "grants_paid",
        "Subsidie uitbetaald",
        "Het totale bedrag aan subsidie dat tot het eind van het kwartaal aan de hub is betaald.",
        "euro",
        "De som van alle betalingen (voorschotten en saldo) die voor het einde van het kwartaal zijn gedaan.",
        "neutral",
    ),
    (
        "cost_per_trajectory",
        "Kosten per traject",
        "Hoeveel subsidie er tot nu toe is betaald per afgerond traject.",
        "euro",
        "Het uitbetaalde bedrag tot het eind van het kwartaal, gedeeld door het aantal trajecten met "
        "terugkoppeling tot dan. Leeg als er nog geen traject is afgerond.",
        "neutral",
    ),
]

SCAN = [
    ("vision", "Visie en ambitie"),
    ("network", "Netwerk en samenwerking"),
    ("reach", "Bereik en diversiteit: wie doet mee"),
    ("methods", "Werkvormen en ondersteuning van deelnemers"),
    ("influence", "Invloed op besluiten"),
    ("feedback", "Terugkoppeling aan deelnemers"),
    ("continuity", "Organisatie, geld en continuïteit"),
]

QUESTIONNAIRE = [
    ("heard", "Deelnemers voelden zich gehoord", "Ik voelde me gehoord."),
    ("clear", "De vraag was duidelijk", "De vraag was duidelijk."),
    ("diverse", "De groep was divers", "De groep deelnemers was divers."),
    ("see_result", "Deelnemers zien wat er met hun inbreng gebeurde", "Ik kan zien wat er met onze inbreng is gedaan."),
    ("again", "Deelnemers doen weer mee", "Ik zou weer meedoen."),
]


def seed(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    order = 0
    rows = []
    for code, name, definition, unit, method, direction in RECORDS:
        order += 10
        rows.append(
            Indicator(
                code=code,
                name=name,
                definition=definition,
                unit=unit,
                source="records",
                method=method,
                direction=direction,
                order=order,
            )
        )
    for key, name in SCAN:
        order += 10
        rows.append(
            Indicator(
                code=f"scan_{key}",
                name=f"Scan: {name}",
                definition=f"De score die de hub zichzelf gaf in de jaarlijkse participatiescan voor '{name}' (0 tot 100).",
                unit="score",
                source="scan",
                source_key=key,
                method="De score van het ingediende antwoord van de hub in de scan van het jaar van het kwartaal. "
                "Leeg als de hub de scan van dat jaar niet heeft ingediend.",
                direction="higher",
                order=order,
            )
        )
    for key, name, statement in QUESTIONNAIRE:
        order += 10
        rows.append(
            Indicator(
                code=f"experience_{key}",
                name=name,
                definition=f"Het deel van de deelnemers dat het eens is met: '{statement}'",
                unit="percent",
                source="questionnaire",
                source_key=key,
                method="De antwoorden op de vragenlijst voor deelnemers in de 12 maanden tot het eind van het "
                "kwartaal: het deel dat het eens of helemaal eens is, van wie een mening gaf (niet 'weet ik niet'). Leeg als minder dan 5 deelnemers de vragenlijst "
                "invulden.",
                direction="higher",
                order=order,
            )
        )
    skip = {"id", "code", "created_at", "updated_at"}
    for row in rows:
        values = {f.attname: getattr(row, f.attname) for f in Indicator._meta.concrete_fields if f.attname not in skip}
        Indicator.objects.update_or_create(code=row.code, defaults=values)


def unseed(apps, schema_editor):
    Indicator = apps.get_model("monitoring", "Indicator")
    codes = (
        [r[0] for r in RECORDS] + [f"scan_{k}" for k, _n in SCAN] + [f"experience_{k}" for k, _n, _s in QUESTIONNAIRE]
    )
    Indicator.objects.filter(code__in=codes, values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
