"""Dutch name material for the demo and the national-scale data set.

Placeholders in the templates: ``{gemeente}`` (a municipality of the hub's region), ``{regio}``
(the region's name), ``{achternaam}`` (a Dutch surname), ``{straat}`` (a street name),
``{heilige}`` (a saint, for hospital names), ``{wijk}`` (a neighbourhood word).
"""

from __future__ import annotations

#: The insurer that runs the care office (zorgkantoor) in a few well-known regions; the others get one
#: from INSURERS, chosen by the seed.
ZORGKANTOOR_BY_REGION = {
    "ZK02": "Zilveren Kruis",
    "ZK10": "CZ",
    "ZK20": "Zilveren Kruis",
    "ZK23": "Zilveren Kruis",
    "ZK31": "CZ",
    "ZK09": "Menzis",
    "ZK22": "Menzis",
    "ZK16": "VGZ",
    "ZK30": "VGZ",
    "ZK08": "De Friesland",
}
INSURERS = ["Zilveren Kruis", "CZ", "VGZ", "Menzis", "DSW", "Zorg en Zekerheid", "ENO", "ONVZ"]

#: Dutch area codes (landlines) for the generated phone numbers.
AREA_CODES = [
    "010",
    "020",
    "030",
    "040",
    "043",
    "045",
    "050",
    "053",
    "055",
    "058",
    "070",
    "071",
    "072",
    "073",
    "074",
    "076",
    "077",
    "078",
    "088",
    "0111",
    "0113",
    "0161",
    "0222",
    "0321",
    "0341",
    "0413",
    "0493",
    "0545",
    "0572",
    "0591",
]

HEILIGEN = [
    "Sint Jansdal",
    "Sint Antonius",
    "Sint Franciscus",
    "Sint Elisabeth",
    "Sint Anna",
    "Sint Jans Gasthuis",
    "Sint Maartenskliniek",
]
WIJKEN = [
    "Oost",
    "West",
    "Noord",
    "Zuid",
    "Centrum",
    "De Hoven",
    "Het Dorp",
    "De Akkers",
    "Kerkbuurt",
    "De Bongerd",
    "Zuiderpark",
    "Molenwijk",
]

#: (org_type, weight, templates, domains) — weight is the share of the "other" organisations of a hub.
ORGANISATION_TEMPLATES: list[tuple[str, int, list[str], tuple[str, ...]]] = [
    (
        "care_provider",
        34,
        [
            "Ziekenhuis {gemeente}",
            "Medisch Centrum {gemeente}",
            "{heilige} Ziekenhuis",
            "Huisartsenpraktijk {achternaam}",
            "Huisartsenpraktijk {straat}",
            "Gezondheidscentrum {wijk} {gemeente}",
            "Huisartsenpost {regio}",
            "Zorggroep Huisartsen {regio}",
            "GGZ {regio}",
            "Thuiszorg {gemeente}",
            "Zorggroep {achternaam}hof",
            "Woonzorgcentrum {straat}",
            "Verpleeghuis {achternaam}stede",
            "Wijkverpleging {gemeente} {wijk}",
            "Stichting Gehandicaptenzorg {regio}",
            "Fysiotherapie {achternaam}",
            "Apotheek {straat}",
            "Jeugdhulp {regio}",
            "Verslavingszorg {regio}",
            "Kraamzorg {gemeente}",
        ],
        ("health", "care"),
    ),
    (
        "welfare",
        20,
        [
            "Welzijn {gemeente}",
            "Stichting Welzijn {gemeente}",
            "Buurtteam {gemeente} {wijk}",
            "Sociaal Wijkteam {gemeente} {wijk}",
            "MEE {regio}",
            "Humanitas afdeling {gemeente}",
            "Vrijwilligerscentrale {gemeente}",
            "Mantelzorgsteunpunt {gemeente}",
            "Schuldhulpmaatje {gemeente}",
            "Voedselbank {gemeente}",
            "Jongerenwerk {gemeente}",
            "Stichting Ouderenwerk {gemeente}",
        ],
        ("support",),
    ),
    (
        "patient_organisation",
        12,
        [
            "Zorgbelang {regio}",
            "Cliëntenbelang {regio}",
            "Alzheimer Nederland afdeling {regio}",
            "Patiëntenvereniging Diabetes {regio}",
            "MIND Platform {regio}",
            "Cliëntenplatform Wmo {gemeente}",
            "Ervaringsdeskundigen GGZ {regio}",
            "Stichting Hartpatiënten {regio}",
            "Netwerk Chronisch Zieken {gemeente}",
        ],
        ("health", "care"),
    ),
    (
        "collective_advocate",
        8,
        [
            "Seniorenraad {gemeente}",
            "KBO afdeling {gemeente}",
            "PCOB {gemeente}",
            "Ouderenbond {gemeente}",
            "Platform Gehandicaptenbeleid {gemeente}",
            "Belangenvereniging Mantelzorgers {regio}",
            "Jongerenraad {gemeente}",
        ],
        ("support", "care"),
    ),
    (
        "residents_initiative",
        12,
        [
            "Zorgcoöperatie {gemeente}",
            "Dorpsraad {gemeente}",
            "Buurtkracht {wijk}",
            "Wijkraad {gemeente} {wijk}",
            "Inwonersinitiatief Samen {gemeente}",
            "Buurtzorgcollectief {straat}",
            "Repaircafé en Ontmoeting {gemeente}",
            "Stichting Samen Sterk {wijk}",
            "Huiskamer van de Wijk {wijk}",
        ],
        ("support",),
    ),
    (
        "knowledge_institute",
        5,
        [
            "Hogeschool {regio}",
            "Academische Werkplaats Publieke Gezondheid {regio}",
            "Kenniscentrum Zorg en Welzijn {regio}",
            "Lectoraat Participatie en Gezondheid {regio}",
        ],
        ("health",),
    ),
    (
        "other",
        9,
        [
            "Woningcorporatie {gemeente}",
            "Woonstichting {achternaam}",
            "Bibliotheek {gemeente}",
            "Sportbedrijf {gemeente}",
            "Sociaal Werkbedrijf {regio}",
            "Regionaal Werkbedrijf {regio}",
            "Huurdersvereniging {gemeente}",
        ],
        ("support",),
    ),
]

#: (form, templates, host kind, member range). Host kind: which organisation hosts the body, if any.
BODY_TEMPLATES: list[tuple[str, list[str], str | None, tuple[int, int]]] = [
    (
        "social_domain_advisory_council",
        ["Adviesraad Sociaal Domein {gemeente}", "Wmo-raad {gemeente}"],
        "municipality",
        (7, 15),
    ),
    (
        "citizens_panel",
        ["Inwonerpanel {gemeente}", "Burgerpanel {gemeente}", "Zorgpanel {regio}"],
        "municipality",
        (200, 3000),
    ),
    ("client_council", ["Cliëntenraad {org}", "Centrale Cliëntenraad {org}"], "care_provider", (5, 11)),
    (
        "citizens_assembly",
        [
            "Burgerberaad {gemeente} over eenzaamheid",
            "Burgerberaad Wonen en Zorg {gemeente}",
            "Burgerberaad Gezond {regio}",
            "Burgerberaad Mentale Gezondheid Jongeren {gemeente}",
        ],
        "municipality",
        (30, 150),
    ),
    (
        "expert_by_experience",
        [
            "Ervaringsdeskundigenpool {regio}",
            "Ervaringsdeskundigenpool GGZ {regio}",
            "Pool Ervaringsdeskundigen Armoede {gemeente}",
        ],
        None,
        (10, 60),
    ),
    (
        "collective_advocate",
        ["Patiëntenplatform {regio}", "Cliëntenplatform {gemeente}", "Platform Toegankelijk {gemeente}"],
        "patient_organisation",
        (6, 20),
    ),
    (
        "residents_initiative",
        ["Zorgcoöperatie {gemeente} ledenraad", "Dorpsoverleg {gemeente}", "Bewonersoverleg {wijk}"],
        "residents_initiative",
        (8, 40),
    ),
    (
        "other",
        ["Jongerenraad {gemeente}", "Seniorenpanel {gemeente}", "Klankbordgroep Mantelzorg {regio}"],
        None,
        (8, 30),
    ),
]

FUNCTIONS = {
    "municipality": [
        "beleidsadviseur Wmo",
        "beleidsadviseur gezondheid",
        "wethouder zorg en welzijn",
        "strategisch adviseur sociaal domein",
        "accounthouder zorgaanbieders",
    ],
    "health_insurer": ["manager zorginkoop", "regioadviseur", "zorginkoper Wlz", "adviseur regionale samenwerking"],
    "ggd": ["epidemioloog", "adviseur publieke gezondheid", "programmamanager gezondheidsbevordering"],
    "care_provider": [
        "bestuurssecretaris",
        "manager kwaliteit",
        "coördinator cliëntenraad",
        "praktijkmanager",
        "verpleegkundig specialist",
    ],
    "welfare": ["opbouwwerker", "coördinator vrijwilligers", "teamleider", "sociaal werker"],
    "patient_organisation": ["voorzitter", "secretaris", "coördinator ervaringsdeskundigen"],
    "collective_advocate": ["voorzitter", "secretaris", "bestuurslid"],
    "residents_initiative": ["initiatiefnemer", "voorzitter", "penningmeester"],
    "knowledge_institute": ["lector", "onderzoeker", "docent-onderzoeker"],
    "other": ["beleidsmedewerker", "projectleider", "coördinator"],
    "body": ["voorzitter", "secretaris", "ambtelijk secretaris", "lid", "ervaringsdeskundige"],
}

THEMES = [
    "eenzaamheid",
    "wonen en zorg voor ouderen",
    "mentale gezondheid jongeren",
    "arbeidsmarkt zorg",
    "preventie",
    "toegankelijkheid huisartsenzorg",
    "gezondheidsverschillen",
    "mantelzorg",
    "armoede en schulden",
    "dementie",
    "digitale zorg",
]

GOVERNANCE_NOTES = {
    "none": "De partners werken samen op basis van een samenwerkingsovereenkomst; besluiten neemt de stuurgroep.",
    "foundation": "De hub is een stichting met een onafhankelijk bestuur en een raad van advies van inwoners.",
    "association": "De hub is een vereniging; aangesloten organisaties en inwonersinitiatieven zijn lid.",
    "cooperative": "De hub is een coöperatie van inwonersinitiatieven en zorg- en welzijnspartners.",
    "hosted": "De hub is ondergebracht bij de penvoerder, met een eigen stuurgroep waarin inwoners zitten.",
    "other": "De hub werkt als netwerk zonder vaste vorm; de afspraken liggen vast in een convenant.",
}

STATUS_NOTES = {
    "forming_coalition": [
        "De kwartiermaker heeft de eerste partners gevonden.",
        "Gesprekken met gemeenten, zorgkantoor en GGD zijn begonnen.",
    ],
    "developing": [
        "Coalitieovereenkomst getekend; het ontwikkelplan is goedgekeurd.",
        "De coalitie staat; de penvoerder is gekozen.",
    ],
    "operational": [
        "De hub is bereikbaar en neemt vraagstukken in behandeling.",
        "Eerste vraagstukken van de regiotafel zijn in behandeling genomen.",
    ],
    "stopped": [
        "De partners kiezen voor een andere vorm van samenwerking.",
        "De kwartiermaker is vertrokken en er is geen opvolger gevonden.",
    ],
    "back_to_forming": ["De penvoerder trekt zich terug; er wordt een nieuwe coalitie gevormd."],
    "back_to_developing": ["Het aanbod wordt herzien na de evaluatie met de partners."],
    "restart": ["Een nieuwe kwartiermaker is aangesteld; de hub start opnieuw."],
}

SUMMARIES = [
    "Participatiehub {regio} brengt inwoners, cliënten en ervaringsdeskundigen samen met gemeenten, het zorgkantoor, "
    "de GGD en zorgaanbieders in {n} gemeenten. Wij zorgen dat de mensen om wie het gaat meepraten over de regionale plannen.",
    "In de regio {regio} ({n} gemeenten) helpt de participatiehub beslissers om inwoners vroeg te betrekken bij vragen over "
    "gezondheid, zorg en ondersteuning. Iedereen hoort terug wat er met zijn inbreng is gedaan.",
    "Wij zijn het aanspreekpunt voor participatie in {regio}. Wij organiseren panels, burgerberaden en gesprekken met "
    "ervaringsdeskundigen, en houden bij wat er met de adviezen gebeurt.",
]
