"""The DCAT-AP-NL description of the API's datasets, in JSON-LD, for the national data portal.

data.overheid.nl harvests DCAT catalogues: a ``dcat:Catalog`` with one ``dcat:Dataset`` per resource,
each with its licence, contact point, theme and a ``dcat:Distribution`` (the API address and the media
type). The values come from the EU and Dutch vocabularies the profile prescribes (the URIs below).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse

#: CC0 1.0: the data may be reused without conditions (the usual licence for Dutch open government data).
LICENCE = "http://creativecommons.org/publicdomain/zero/1.0/deed.nl"
LANGUAGE = "http://publications.europa.eu/resource/authority/language/NLD"
ACCESS_PUBLIC = "http://publications.europa.eu/resource/authority/access-right/PUBLIC"
FORMAT_JSON = "http://publications.europa.eu/resource/authority/file-type/JSON"
MEDIA_JSON = "https://www.iana.org/assignments/media-types/application/json"
THEME_CARE = "http://standaarden.overheid.nl/owms/terms/Zorg_en_gezondheid"
FREQUENCY_CONTINUOUS = "http://publications.europa.eu/resource/authority/frequency/UPDATE_CONT"
FREQUENCY_QUARTERLY = "http://publications.europa.eu/resource/authority/frequency/QUARTERLY"

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}

#: (url name, identifier, title, description, keywords, frequency)
DATASETS = (
    (
        "hubs",
        "hubs",
        "Regionale participatiehubs",
        "De participatiehubs in zorg, gezondheid en ondersteuning: status, gebied, coalitie en contactpunt.",
        ["participatie", "hub", "regio", "zorg"],
        FREQUENCY_CONTINUOUS,
    ),
    (
        "municipalities",
        "gemeenten",
        "Gemeenten en hun participatiehub",
        "Alle gemeenten met de hub of hubs die er vandaag werken.",
        ["gemeente", "participatie", "hub"],
        FREQUENCY_CONTINUOUS,
    ),
    (
        "regions",
        "regios",
        "Regio's en hun participatiehubs",
        "Regio-indelingen (provincie, zorgkantoorregio, GGD-regio, IZA/AZWA-regio) met hun gemeenten en hubs.",
        ["regio", "zorgkantoorregio", "GGD", "IZA"],
        FREQUENCY_CONTINUOUS,
    ),
    (
        "questions",
        "vragen",
        "Vraagstukken en wat ermee gebeurde",
        "Openbare beleidsvragen aan de hubs met het advies, het antwoord per aanbeveling en de terugkoppeling.",
        ["beleid", "advies", "inwonerparticipatie", "terugkoppeling"],
        FREQUENCY_CONTINUOUS,
    ),
    (
        "indicators",
        "indicatoren",
        "Indicatoren per hub per kwartaal",
        "De openbare monitoringscijfers van elke hub per kwartaal, met hun definities.",
        ["monitoring", "indicator", "kwartaal"],
        FREQUENCY_QUARTERLY,
    ),
    (
        "grants",
        "subsidies",
        "Toegekende subsidies",
        "Toegekende subsidies aan hubs: programmalijn, oproep, bedrag en periode.",
        ["subsidie", "financiering"],
        FREQUENCY_CONTINUOUS,
    ),
    (
        "reports",
        "selectieverslagen",
        "Verslagen van lotingen voor panels",
        "Gepubliceerde verslagen van lotingen van burgerpanels (geen namen).",
        ["loting", "burgerpanel", "transparantie"],
        FREQUENCY_CONTINUOUS,
    ),
    (
        "lessons",
        "lessen",
        "Lessen van de hubs",
        "Gepubliceerde lessen: wat hubs probeerden, wat werkte en wat niet, en hun advies aan anderen.",
        ["lessen", "kennisdeling", "participatie"],
        FREQUENCY_CONTINUOUS,
    ),
)


def _nl(text: str) -> dict:
    return {"@value": text, "@language": "nl"}


def catalogue(request) -> dict:
    def url(name: str) -> str:
        return request.build_absolute_uri(reverse(f"api:{name}"))

    publisher = {
        "@type": "foaf:Agent",
        "foaf:name": f"Programmabureau {settings.PH_SITE_NAME}",
    }
    contact = {
        "@type": "vcard:Organization",
        "vcard:fn": f"Programmabureau {settings.PH_SITE_NAME}",
        "vcard:hasEmail": {"@id": f"mailto:{settings.PH_OFFICE_EMAIL}"},
    }
    datasets = []
    for name, identifier, title, description, keywords, frequency in DATASETS:
        access = url(name)
        datasets.append(
            {
                "@id": f"{url('catalogue')}#{identifier}",
                "@type": "dcat:Dataset",
                "dct:identifier": access,
                "dct:title": _nl(title),
                "dct:description": _nl(description),
                "dcat:keyword": [_nl(k) for k in keywords],
                "dcat:theme": {"@id": THEME_CARE},
                "dct:language": {"@id": LANGUAGE},
                "dct:license": {"@id": LICENCE},
                "dct:accessRights": {"@id": ACCESS_PUBLIC},
                "dct:accrualPeriodicity": {"@id": frequency},
                "dct:publisher": publisher,
                "dcat:contactPoint": contact,
                "dcat:landingPage": {"@id": request.build_absolute_uri("/")},
                "dct:conformsTo": {"@id": url("openapi")},
                "dcat:distribution": [
                    {
                        "@id": f"{url('catalogue')}#{identifier}-json",
                        "@type": "dcat:Distribution",
                        "dct:title": _nl(f"{title} (JSON, API)"),
                        "dcat:accessURL": {"@id": access},
                        "dct:format": {"@id": FORMAT_JSON},
                        "dcat:mediaType": {"@id": MEDIA_JSON},
                        "dct:license": {"@id": LICENCE},
                        "dct:conformsTo": {"@id": url("openapi")},
                    }
                ],
            }
        )
    return {
        "@context": CONTEXT,
        "@id": url("catalogue"),
        "@type": "dcat:Catalog",
        "dct:title": _nl(f"{settings.PH_SITE_NAME} open data"),
        "dct:description": _nl(
            "Open data over de regionale participatiehubs in zorg, gezondheid en ondersteuning: hubs, "
            "gebieden, vraagstukken en hun uitkomst, indicatoren, subsidies, verslagen van lotingen en lessen."
        ),
        "dct:language": {"@id": LANGUAGE},
        "dct:license": {"@id": LICENCE},
        "dct:publisher": publisher,
        "dcat:contactPoint": contact,
        "foaf:homepage": {"@id": request.build_absolute_uri("/")},
        "dcat:dataset": datasets,
    }
