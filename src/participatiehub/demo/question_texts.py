"""Dutch texts for the demo's policy questions: topics under IZA/AZWA, WOZO, GALA and TAZ.

Every topic has a title (``{gemeente}``, ``{regio}`` and ``{wijk}`` are filled in), a plain-language
summary, background, the agreements and themes it falls under, the kinds of organisation that
would ask it, and six recommendations (the advice takes 2 to 6 of them).
"""

from __future__ import annotations

from dataclasses import dataclass

M, ZK, GGD, CP, W = "municipality", "health_insurer", "ggd", "care_provider", "welfare"


@dataclass(frozen=True)
class Topic:
    key: str
    title: str
    summary: str
    background: str
    agreements: tuple[str, ...]
    themes: tuple[str, ...]
    askers: tuple[str, ...]
    recommendations: tuple[str, ...]
    participants_said: str


TOPICS: tuple[Topic, ...] = (
    Topic(
        "wijkverpleging",
        "Hoe organiseren we de wijkverpleging in de avonden en het weekend?",
        "Er zijn 's avonds en in het weekend te weinig wijkverpleegkundigen. We willen weten wat cliënten en "
        "mantelzorgers het belangrijkst vinden als we de zorg anders organiseren.",
        "Door het tekort aan personeel kunnen de teams in {regio} niet meer overal dezelfde avondzorg bieden. "
        "Het zorgkantoor en de aanbieders willen de avond- en nachtzorg regionaal organiseren (IZA-afspraak "
        "over passende zorg thuis).",
        ("iza_azwa",),
        ("wonen en zorg voor ouderen", "arbeidsmarkt zorg"),
        (ZK, CP, M),
        (
            "Zorg dat cliënten vooraf weten welk team 's avonds komt en hoe zij dat team bereiken.",
            "Gebruik beeldbellen alleen als de cliënt dat zelf wil; houd altijd een bezoek aan huis mogelijk.",
            "Maak één regionaal telefoonnummer voor de avond en het weekend, bereikbaar zonder keuzemenu.",
            "Betrek mantelzorgers bij het plannen van de avondzorg en geef hun een vast aanspreekpunt.",
            "Verdeel de avonddiensten zo dat kleine kernen niet langer wachten dan de stad.",
            "Evalueer de nieuwe werkwijze na een half jaar samen met cliënten en hun naasten.",
        ),
        "Cliënten willen vooral weten wie er komt en hoe laat. Mantelzorgers voelen zich nu vaak de enige vaste factor.",
    ),
    Topic(
        "mantelzorg-dementie",
        "Welke steun hebben mantelzorgers van mensen met dementie nodig?",
        "Steeds meer mensen met dementie wonen thuis. Hun mantelzorgers raken overbelast. Wat helpt hen echt?",
        "De gemeente {gemeente} herziet het mantelzorgbeleid. Binnen WOZO is afgesproken dat ouderen langer thuis "
        "wonen; dat vraagt veel van naasten. We willen het nieuwe beleid samen met mantelzorgers maken.",
        ("wozo",),
        ("mantelzorg", "dementie"),
        (M, ZK),
        (
            "Zorg voor één vaste casemanager dementie per gezin, vanaf de diagnose.",
            "Breid de dagbesteding uit naar de zaterdag, zodat werkende mantelzorgers ontlast worden.",
            "Maak logeeropvang (respijtzorg) zonder lange aanvraag mogelijk, ook voor een paar dagen.",
            "Organiseer in elke kern een Alzheimer Café of mantelzorgcafé, dicht bij huis.",
            "Geef huisartsen en praktijkondersteuners een signaalkaart om overbelasting vroeg te zien.",
            "Vergoed een cursus omgaan met dementie voor mantelzorgers zonder eigen bijdrage.",
        ),
        "Mantelzorgers zeggen dat ze de weg in regels en loketten zelf moeten vinden, terwijl ze al uitgeput zijn.",
    ),
    Topic(
        "jongeren-somberheid",
        "Hoe bereiken we jongeren met somberheidsklachten?",
        "Veel jongeren voelen zich somber, maar vragen geen hulp. We willen weten waar en hoe we ze wel bereiken.",
        "Uit de Gezondheidsmonitor Jeugd blijkt dat in {regio} een op de vijf jongeren psychische klachten heeft. "
        "De GGD en de gemeenten willen het preventieve aanbod (GALA, mentale gezondheid) beter laten aansluiten.",
        ("gala", "iza_azwa"),
        ("mentale gezondheid jongeren", "preventie"),
        (GGD, M),
        (
            "Zet jongerenwerkers in op plekken waar jongeren al komen: school, sportclub en online.",
            "Laat jongeren zelf meebeslissen over de campagne; gebruik geen woorden als 'psychische stoornis'.",
            "Maak een chatfunctie met een vaste jeugdprofessional die ook 's avonds bereikbaar is.",
            "Train docenten en coaches om somberheid te herkennen en het gesprek aan te gaan.",
            "Zorg dat jongeren niet langer dan vier weken wachten op een eerste gesprek.",
            "Betrek ervaringsdeskundige jongeren als maatje in de begeleiding.",
        ),
        "Jongeren vragen geen hulp omdat ze bang zijn niet serieus genomen te worden. Ze willen iemand van hun leeftijd.",
    ),
    Topic(
        "hap-laaggeletterden",
        "Toegankelijkheid van de huisartsenpost voor laaggeletterden",
        "Mensen die moeite hebben met lezen of met de taal vinden de weg naar de huisartsenpost slecht. "
        "Wat moet er anders?",
        "De huisartsenpost in {regio} werkt met een keuzemenu en een digitale triage. Signalen van welzijnswerk "
        "en cliëntenraden laten zien dat laaggeletterden afhaken. Dit valt onder de IZA-afspraak over "
        "toegankelijke eerstelijnszorg.",
        ("iza_azwa",),
        ("toegankelijkheid huisartsenzorg", "gezondheidsverschillen"),
        (CP, ZK),
        (
            "Maak een keuze in het telefoonmenu om direct een mens te spreken.",
            "Schrijf alle informatie op taalniveau B1 en gebruik pictogrammen in de wachtruimte.",
            "Laat taalmaatjes en sleutelpersonen uitleggen wanneer je de huisartsenpost belt.",
            "Bied de mogelijkheid om een tolk of naaste mee te laten luisteren aan de telefoon.",
            "Test nieuwe folders en websites met laaggeletterde inwoners voordat ze worden gebruikt.",
            "Registreer hoe vaak bellers afhaken in het menu en rapporteer dat elk kwartaal.",
        ),
        "Deelnemers vertelden dat ze ophangen bij het keuzemenu en dan maar naar de spoedeisende hulp gaan.",
    ),
    Topic(
        "eenzaamheid",
        "Hoe pakken we eenzaamheid onder ouderen in {gemeente} aan?",
        "Eén op de tien ouderen voelt zich ernstig eenzaam. We willen weten welke activiteiten ouderen zelf zinvol vinden.",
        "De gemeente {gemeente} doet mee aan Eén tegen eenzaamheid en wil het welzijnsaanbod vernieuwen. "
        "Het past bij de GALA-afspraken over sociale basis en bij WOZO.",
        ("gala", "wozo"),
        ("eenzaamheid",),
        (M, GGD, W),
        (
            "Organiseer huisbezoeken bij 75-plussers door getrainde vrijwilligers uit de eigen buurt.",
            "Houd de buurthuizen ook in de avond en het weekend open.",
            "Zorg voor vervoer naar activiteiten voor ouderen die slecht ter been zijn.",
            "Verbind jongeren en ouderen in gezamenlijke activiteiten, zoals samen koken.",
            "Maak een overzicht van activiteiten op papier, niet alleen online.",
            "Laat de huisarts en de wijkverpleging eenzaamheid bespreekbaar maken en doorverwijzen.",
        ),
        "Ouderen willen geen 'activiteit tegen eenzaamheid', maar iets zinvols doen met mensen uit de buurt.",
    ),
    Topic(
        "woonvormen",
        "Welke woonvormen tussen thuis en verpleeghuis willen ouderen in {regio}?",
        "Er komen veel meer ouderen en te weinig plekken in het verpleeghuis. Welke manier van wonen met zorg "
        "spreekt ouderen aan?",
        "In de regionale woonzorgvisie (WOZO) staat dat er tot 2030 geclusterde woonvormen bij moeten komen. "
        "Gemeenten, corporaties en het zorgkantoor willen weten wat ouderen zelf belangrijk vinden.",
        ("wozo",),
        ("wonen en zorg voor ouderen",),
        (M, ZK),
        (
            "Bouw geclusterde woningen met een gemeenschappelijke ruimte midden in bestaande wijken.",
            "Zorg dat ouderen kunnen verhuizen zonder hun huurprijs sterk te zien stijgen.",
            "Geef een vaste woonconsulent die helpt bij de verhuizing en de aanpassing van de woning.",
            "Plan zorg op afroep 24 uur per dag in iedere geclusterde woonvorm.",
            "Laat toekomstige bewoners meepraten over het ontwerp van de gemeenschappelijke ruimte.",
            "Maak het mogelijk dat partners samen blijven wonen als één van hen meer zorg nodig heeft.",
        ),
        "Ouderen willen in hun eigen buurt blijven wonen, dicht bij familie en de vertrouwde winkels.",
    ),
    Topic(
        "digitale-zorg",
        "Hoe maken we digitale zorg en beeldbellen toegankelijk voor iedereen?",
        "Steeds meer zorg gaat digitaal. Niet iedereen kan dat. We willen weten wat mensen nodig hebben om mee te doen.",
        "Zorgaanbieders en het zorgkantoor in {regio} zetten meer digitale zorg in (IZA: passende zorg, "
        "digitaal waar het kan). Ouderen en mensen met weinig digitale vaardigheden mogen niet buiten de boot vallen.",
        ("iza_azwa",),
        ("digitale zorg",),
        (ZK, CP),
        (
            "Houd altijd een niet-digitale weg open: telefoon of bezoek.",
            "Organiseer digicafés in bibliotheken waar inwoners leren beeldbellen met hun zorgverlener.",
            "Gebruik één app per regio in plaats van een app per zorgaanbieder.",
            "Leen tablets uit aan mensen die er zelf geen kunnen kopen.",
            "Laat een naaste mee kunnen kijken in de app, met toestemming van de cliënt.",
            "Vraag na elke digitale afspraak kort of het gesprek goed ging.",
        ),
        "Deelnemers zijn niet tegen digitale zorg, maar willen zelf kiezen en hulp krijgen bij de eerste keer.",
    ),
    Topic(
        "schulden-gezondheid",
        "Hoe verbinden we schuldhulp en zorg voor inwoners met geldzorgen?",
        "Geldzorgen maken mensen ziek, en ziekte geeft geldzorgen. Hoe zorgen we dat hulp bij geld en zorg elkaar vinden?",
        "De gemeente {gemeente} en de GGD zien in de wijken {wijk} en omgeving veel stress door schulden. "
        "GALA vraagt om een aanpak van gezondheidsachterstanden over de domeinen heen.",
        ("gala",),
        ("armoede en schulden", "gezondheidsverschillen"),
        (M, GGD),
        (
            "Zet een geldcoach in de huisartsenpraktijk, één dagdeel per week.",
            "Vraag bij elke aanvraag voor schuldhulp ook hoe het met iemands gezondheid gaat.",
            "Maak één loket voor toeslagen, schuldhulp en zorgkosten.",
            "Gebruik ervaringsdeskundigen in schulden als eerste aanspreekpunt.",
            "Stop met brieven in moeilijke taal; bel mensen op.",
            "Bied gratis sporten en bewegen aan voor mensen in de schuldhulp.",
        ),
        "Mensen schamen zich voor hun schulden en vertellen het pas als het te laat is. Vertrouwen is alles.",
    ),
    Topic(
        "valpreventie",
        "Hoe krijgen we meer ouderen naar een cursus valpreventie?",
        "Vallen is de belangrijkste oorzaak van letsel bij ouderen. Weinig ouderen doen mee aan een cursus. Hoe komt dat?",
        "De GGD en de gemeenten in {regio} bieden valpreventiecursussen aan (GALA), maar de groepen blijven klein.",
        ("gala", "wozo"),
        ("preventie", "wonen en zorg voor ouderen"),
        (GGD, M),
        (
            "Noem het geen valpreventie maar 'fit en zeker op de been'.",
            "Laat de fysiotherapeut of huisarts ouderen persoonlijk uitnodigen.",
            "Houd de cursus in het buurthuis, niet in een sportzaal buiten de wijk.",
            "Maak de cursus gratis en zonder verwijzing toegankelijk.",
            "Combineer de cursus met een kop koffie en tijd om bij te praten.",
            "Bied een huisbezoek aan om valgevaar in huis samen te bekijken.",
        ),
        "Ouderen voelen zich aangesproken op hun kwetsbaarheid. Ze willen fit blijven, niet 'valpatiënt' zijn.",
    ),
    Topic(
        "ggz-wachttijd",
        "Wat helpt mensen die wachten op behandeling in de ggz?",
        "Mensen wachten vaak maanden op behandeling in de ggz. Wat hebben ze in die tijd nodig?",
        "De wachttijden in de ggz in {regio} zijn lang. In het IZA staat dat mensen tijdens het wachten "
        "ondersteuning krijgen. Zorgverzekeraar en aanbieders willen weten wat mensen zelf helpend vinden.",
        ("iza_azwa",),
        ("mentale gezondheid jongeren", "preventie"),
        (ZK, CP),
        (
            "Bel wachtenden elke maand om te vragen hoe het gaat.",
            "Bied tijdens het wachten herstelgroepen aan met ervaringsdeskundigen.",
            "Maak duidelijk hoe lang iemand nog wacht en wat de volgende stap is.",
            "Zorg voor een crisisnummer dat dag en nacht bereikbaar is.",
            "Laat de praktijkondersteuner ggz contact houden met de wachtende.",
            "Geef naasten informatie over wat zij kunnen doen.",
        ),
        "Het wachten zelf is zwaar; niet weten hoe lang het duurt maakt het erger.",
    ),
    Topic(
        "taz-meepraten",
        "Hoe kunnen mensen met een verstandelijke beperking meepraten over hun ondersteuning?",
        "Mensen met een verstandelijke beperking worden weinig gevraagd wat zij vinden. Hoe doen we dat goed?",
        "In de Toekomstagenda Zorg en ondersteuning voor mensen met een beperking (TAZ) staat dat mensen "
        "zelf regie hebben. De gemeente {gemeente} en zorgaanbieders willen inspraak toegankelijk maken.",
        ("taz",),
        ("gezondheidsverschillen",),
        (M, CP),
        (
            "Gebruik eenvoudige taal en plaatjes in alle uitnodigingen en verslagen.",
            "Laat ervaringsdeskundigen de gesprekken leiden, met hulp van een begeleider.",
            "Geef een vergoeding voor de tijd en de reiskosten van deelnemers.",
            "Houd bijeenkomsten op een vertrouwde plek, zoals de dagbesteding.",
            "Koppel elke keer terug wat er met de inbreng is gedaan, in gewone taal.",
            "Neem mensen met een beperking op in de adviesraad sociaal domein.",
        ),
        "Deelnemers willen serieus genomen worden en vinden het belangrijk dat het verslag ook voor hen leesbaar is.",
    ),
    Topic(
        "personeel-thuiszorg",
        "Hoe houden we zorgmedewerkers en vrijwilligers in de thuiszorg?",
        "Veel medewerkers in de thuiszorg stoppen binnen twee jaar. Wat zeggen cliënten en medewerkers over wat "
        "het werk aantrekkelijk houdt?",
        "Het tekort aan personeel in {regio} loopt op. De IZA-afspraken over de arbeidsmarkt vragen om andere "
        "manieren van werken, met cliënten en hun naasten.",
        ("iza_azwa",),
        ("arbeidsmarkt zorg",),
        (CP, ZK),
        (
            "Geef teams meer zeggenschap over hun eigen roosters.",
            "Verminder de registratielast: niet meer dan één keer per dag rapporteren.",
            "Zorg voor vaste koppels van medewerker en cliënt waar dat kan.",
            "Maak ruimte voor een kop koffie bij de cliënt; dat is ook zorg.",
            "Bied vrijwilligers een vaste begeleider en een onkostenvergoeding.",
            "Leid nieuwe medewerkers in met een maatje uit het team.",
        ),
        "Cliënten waarderen een vast gezicht. Medewerkers zeggen dat administratie hun plezier in het werk wegneemt.",
    ),
    Topic(
        "gezonde-wijk",
        "Hoe maken we gezond eten en bewegen makkelijker voor gezinnen in {wijk}?",
        "Kinderen in sommige wijken hebben vaker overgewicht. Wat zou gezinnen helpen om gezonder te leven?",
        "De GGD ziet grote verschillen in gezondheid tussen wijken in {gemeente}. GALA vraagt om een "
        "wijkgerichte aanpak samen met inwoners.",
        ("gala",),
        ("preventie", "gezondheidsverschillen"),
        (GGD, M),
        (
            "Maak schoolpleinen na schooltijd open als speelplek.",
            "Geef gezinnen met een laag inkomen korting op sport en zwemles.",
            "Organiseer kooklessen met goedkope, gezonde recepten in het buurthuis.",
            "Zorg voor gratis water op school en bij sportclubs.",
            "Werk samen met de moskee, de kerk en zelforganisaties om gezinnen te bereiken.",
            "Laat kinderen meebeslissen over de inrichting van speelplekken.",
        ),
        "Ouders willen wel gezond koken, maar vinden het duur. Kinderen missen veilige plekken om te spelen.",
    ),
    Topic(
        "respijtzorg",
        "Welke respijtzorg hebben ouders van kinderen met een beperking nodig?",
        "Ouders van kinderen met een beperking zorgen dag en nacht. Welke vormen van ontlasting helpen hen?",
        "De gemeente {gemeente} wil het aanbod van logeeropvang en respijtzorg vernieuwen, in lijn met de TAZ "
        "en de afspraken over mantelzorg in WOZO.",
        ("taz", "wozo"),
        ("mantelzorg",),
        (M, ZK),
        (
            "Zorg voor logeeropvang in de eigen regio, ook voor kinderen met intensieve zorg.",
            "Maak een vaste oppas-pool van getrainde vrijwilligers en studenten.",
            "Verminder het aantal herindicaties; een beperking gaat niet over.",
            "Geef ouders één contactpersoon voor alle regelingen.",
            "Bied broertjes en zusjes eigen activiteiten aan.",
            "Vergoed vervoer naar de logeeropvang.",
        ),
        "Ouders vertellen dat de regels meer energie kosten dan de zorg zelf.",
    ),
    Topic(
        "apotheek-kernen",
        "Hoe houden we zorg en medicatie bereikbaar in de kleine kernen?",
        "In kleine dorpen verdwijnen de apotheek, de bank en de bus. Hoe blijft zorg bereikbaar voor inwoners?",
        "Het zorgkantoor en de zorgaanbieders in {regio} zien dat zorg zich concentreert in de grote kernen. "
        "Het IZA vraagt om zorg dichtbij waar dat kan.",
        ("iza_azwa",),
        ("toegankelijkheid huisartsenzorg", "wonen en zorg voor ouderen"),
        (ZK, CP, M),
        (
            "Richt in elk dorp een afhaalpunt voor medicijnen in, bijvoorbeeld in de supermarkt.",
            "Laat de praktijkondersteuner één dag per week spreekuur houden in het dorpshuis.",
            "Zet een vrijwillige vervoersdienst op voor ritten naar de huisarts en het ziekenhuis.",
            "Bezorg medicijnen gratis bij mensen die slecht ter been zijn.",
            "Maak afspraken met de bus over haltes bij de gezondheidscentra.",
            "Zorg voor een vaste wijkverpleegkundige per dorp.",
        ),
        "Inwoners van de dorpen voelen zich vergeten. Ze willen zorg dichtbij, ook als dat minder vaak is.",
    ),
    Topic(
        "welzijn-op-recept",
        "Hoe zetten we welzijn op recept in {gemeente} op?",
        "Veel mensen komen bij de huisarts met klachten die niet medisch zijn. Welzijn op recept verwijst hen naar "
        "activiteiten in de wijk. Hoe doen we dat goed?",
        "De huisartsen, het welzijnswerk en de gemeente {gemeente} willen welzijn op recept invoeren (GALA, "
        "sociale basis; IZA, minder druk op de huisarts).",
        ("gala", "iza_azwa"),
        ("eenzaamheid", "preventie"),
        (M, GGD, CP),
        (
            "Zorg dat de welzijnscoach binnen een week contact opneemt na de verwijzing.",
            "Maak een overzicht van activiteiten per wijk dat huisartsen kunnen meegeven.",
            "Laat mensen zelf kiezen welke activiteit bij hen past.",
            "Geef vrijwilligers die activiteiten begeleiden een training.",
            "Meet na drie maanden hoe het met de deelnemers gaat.",
            "Zorg voor voldoende geld voor het welzijnswerk voor minstens drie jaar.",
        ),
        "Mensen willen geen 'recept', maar iemand die met hen meedenkt over wat ze leuk vinden.",
    ),
)

CLARIFICATION_QUESTIONS = (
    "Welke ruimte is er nog in het besluit? Ligt het budget al vast, of kunnen de deelnemers daar ook over meepraten?",
    "Voor welke gemeenten geldt de vraag precies, en wanneer moet het advies er uiterlijk zijn?",
    "Wie neemt het besluit, en wanneer? Dan kunnen wij beloven wat er met het advies gebeurt.",
    "Gaat het om een nieuw beleid of om het aanpassen van wat er al is? Dat bepaalt welke vorm van participatie past.",
)

CLARIFICATION_ANSWERS = (
    "Het budget ligt vast, maar de invulling niet. Het college besluit in het voorjaar.",
    "De vraag geldt voor alle gemeenten in de regio; het advies hebben we binnen vier maanden nodig.",
    "Het gaat om een herziening van het bestaande beleid. De gemeenteraad neemt het besluit na de zomer.",
    "Er is ruimte om de aanpak te veranderen; alleen de wettelijke taken liggen vast.",
)

DECLINE_REASONS = (
    "Het besluit is al genomen; er is geen ruimte meer om de inbreng van inwoners mee te nemen. "
    "Wij denken graag mee bij de uitvoering.",
    "Over dit onderwerp loopt al een traject in de regio. Wij vragen niet twee keer dezelfde mensen naar hetzelfde; "
    "wij verwijzen u naar dat traject.",
    "De termijn is te kort voor zorgvuldige participatie. Dien de vraag opnieuw in met een later besluitmoment.",
    "De vraag ligt buiten zorg, welzijn en ondersteuning. Wij verwijzen u naar de adviesraad van de gemeente.",
)

PARTLY_REASONS = (
    "We nemen dit over voor de grote kernen; in de kleine kernen is er in 2026 nog niet genoeg personeel.",
    "We beginnen met een proef van een jaar in twee wijken en besluiten daarna over de rest van de regio.",
    "We doen dit binnen het bestaande budget; de uitbreiding naar het weekend past daar niet in.",
    "We nemen het advies over, maar voeren het gefaseerd in vanaf het tweede half jaar.",
    "Het deel over de informatie nemen we over; het deel over extra formatie niet, omdat het geld ontbreekt.",
)

NOT_REASONS = (
    "Dit past niet binnen het budget van 2026. We nemen het mee bij de begroting van 2027.",
    "Dit is geen taak van onze organisatie; we hebben het advies doorgestuurd aan de zorgverzekeraar.",
    "De wet staat dit niet toe. We zoeken samen met de hub naar een andere oplossing.",
    "Er loopt al een landelijke aanpak die hetzelfde doet; een eigen regeling zou dubbel werk zijn.",
)

ADOPTED_NOTES = ("", "", "Wordt uitgevoerd vanaf het eerste kwartaal.", "Opgenomen in het uitvoeringsplan.")

ACTIVITY_TITLES = {
    "meeting": ("Bijeenkomst in {plaats}", "Open avond over {onderwerp}", "Wijkgesprek in {plaats}"),
    "focus_group": ("Focusgroep met {groep}", "Gesprek in kleine groep met {groep}"),
    "survey": ("Online vragenlijst onder inwoners", "Peiling onder het inwonerspanel"),
    "council_advice": ("Advies van de adviesraad sociaal domein", "Advies van de cliëntenraad"),
    "expert_input": ("Inbreng van ervaringsdeskundigen", "Ronde tafel met ervaringsdeskundigen"),
    "assembly_session": ("Sessie van het burgerberaad", "Tweede sessie van het burgerberaad"),
}

GROUPS = (
    "mantelzorgers",
    "ouderen uit de wijk",
    "jongeren",
    "ouders",
    "cliënten van de wijkverpleging",
    "inwoners met weinig geld",
    "ervaringsdeskundigen",
)

VENUES = (
    "Buurthuis De Schakel",
    "Bibliotheek",
    "Wijkcentrum De Ontmoeting",
    "Dorpshuis",
    "Gemeentehuis",
    "MFA De Kern",
)

CLOSING_WORDS = (
    "De hub blijft volgen of de besluiten worden uitgevoerd en laat over een jaar weten hoe het ervoor staat.",
    "Heeft u vragen over deze terugkoppeling? Mail de hub; wij antwoorden binnen twee weken.",
    "Dank aan iedereen die heeft meegedaan. Uw inbreng heeft het besluit veranderd.",
)

TRAJECTORY_DESCRIPTIONS = (
    "We combineren gesprekken in kleine groepen met een vragenlijst, zodat ook mensen meedoen die niet naar "
    "een bijeenkomst komen.",
    "De adviesraad en een groep ervaringsdeskundigen geven samen advies; een vragenlijst toetst de uitkomsten.",
    "Een burgerberaad van gelote inwoners bespreekt de vraag in drie sessies en schrijft zelf het advies.",
    "We gaan de wijk in: gesprekken op plekken waar mensen al komen, zoals de bibliotheek en het buurthuis.",
)
