"""Builds realistic hubs with their networks, for the demo and for the national-scale data set.

Hubs, their status history, coalition and design choices go through ``hubs.services`` so the
history rows are exactly what the product writes. The network (organisations, bodies, contacts,
relations) is written with ``bulk_create``, many-to-many rows through the through-models.
Everything is driven by one seed: the same seed and the same regions give the same data.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from faker import Faker

from participatiehub.geo.constants import Layer
from participatiehub.geo.models import Municipality, Region, RegionMembership
from participatiehub.hubs import services as hub_services
from participatiehub.hubs.constants import Agreement, Domain, HubStatus, LegalForm, ParticipationForm
from participatiehub.hubs.models import CoalitionMember, DesignChoices, Hub, HubMunicipality, HubStatusChange
from participatiehub.network.constants import LegalBasis, OrganisationType, RelationKind
from participatiehub.network.models import ContactPerson, Organisation, OrganisationRelation, ParticipationBody

from . import names

P, F, D, OP, S = (
    HubStatus.PREPARING.value,
    HubStatus.FORMING_COALITION.value,
    HubStatus.DEVELOPING.value,
    HubStatus.OPERATIONAL.value,
    HubStatus.STOPPED.value,
)

#: Final statuses for 31 hubs (shuffled by the seed): most hubs are on their way, a few stopped.
STATUS_MIX = [OP] * 10 + [D] * 9 + [F] * 5 + [P] * 4 + [S] * 3

#: The biggest town of a care-office region, where the region name does not say it.
CENTRAL_MUNICIPALITY = {
    "ZK01": "Haarlemmermeer", "ZK02": "Amsterdam", "ZK03": "Apeldoorn", "ZK04": "Arnhem", "ZK06": "Assen",
    "ZK07": "Lelystad", "ZK08": "Leeuwarden", "ZK09": "Groningen", "ZK10": "'s-Gravenhage", "ZK11": "Haarlem",
    "ZK12": "Tilburg", "ZK13": "Gouda", "ZK14": "Deventer", "ZK16": "Nijmegen", "ZK17": "Venlo",
    "ZK18": "Alkmaar", "ZK19": "'s-Hertogenbosch", "ZK20": "Rotterdam", "ZK21": "Hilversum", "ZK22": "Enschede",
    "ZK23": "Utrecht", "ZK24": "Dordrecht", "ZK25": "Breda", "ZK26": "Zaanstad", "ZK27": "Middelburg",
    "ZK28": "Leiden", "ZK29": "Nissewaard", "ZK30": "Eindhoven", "ZK31": "Maastricht", "ZK32": "Zwolle",
    "ZK33": "Delft",
}  # fmt: skip

#: Hubs whose networks the demo log-ins look at, in order of preference.
SHOWCASE_REGIONS = ("ZK23", "ZK02")

#: The latest date the generated history reaches (keeps the data the same whenever it is generated).
HISTORY_END = dt.date(2026, 11, 16)


class NoRegionsError(Exception):
    pass


@dataclass
class RegionInfo:
    region: Region
    municipalities: list[Municipality]
    ggd_names: list[str] = field(default_factory=list)

    @property
    def central(self) -> Municipality:
        wanted = CENTRAL_MUNICIPALITY.get(self.region.code, self.region.name)
        for municipality in self.municipalities:
            if municipality.name == wanted:
                return municipality
        return self.municipalities[0]


def load_regions(codes: list[str] | None = None) -> list[RegionInfo]:
    """The care-office regions (optionally only ``codes``) with their municipalities of the newest year."""
    regions = Region.objects.filter(layer=Layer.ZORGKANTOORREGIO).defer("geometry").order_by("code")
    if codes:
        regions = regions.filter(code__in=codes)
    regions = list(regions)
    if not regions:
        raise NoRegionsError
    year = RegionMembership.objects.filter(layer=Layer.ZORGKANTOORREGIO).aggregate(y=Max("year"))["y"]
    members: dict[int, list[Municipality]] = defaultdict(list)
    for membership in (
        RegionMembership.objects.filter(layer=Layer.ZORGKANTOORREGIO, year=year, region__in=regions)
        .select_related("municipality")
        .defer("municipality__geometry")
        .order_by("municipality__code")
    ):
        members[membership.region_id].append(membership.municipality)
    ggd_year = RegionMembership.objects.filter(layer=Layer.GGDREGIO).aggregate(y=Max("year"))["y"]
    ggd_of: dict[int, str] = {
        m.municipality_id: m.region.name
        for m in RegionMembership.objects.filter(layer=Layer.GGDREGIO, year=ggd_year).select_related("region")
    }
    infos = []
    for region in regions:
        municipalities = members.get(region.pk, [])
        if not municipalities:
            continue
        ggds = sorted({ggd_of[m.pk] for m in municipalities if m.pk in ggd_of})
        infos.append(RegionInfo(region=region, municipalities=municipalities, ggd_names=ggds))
    if not infos:
        raise NoRegionsError
    return infos


def distribute(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into whole parts proportional to ``weights`` that add up to exactly ``total``."""
    if not weights:
        return []
    weight_sum = sum(weights) or 1
    exact = [total * w / weight_sum for w in weights]
    parts = [int(x) for x in exact]
    rest = total - sum(parts)
    order = sorted(range(len(weights)), key=lambda i: (-(exact[i] - parts[i]), i))
    for i in order[:rest]:
        parts[i] += 1
    return parts


def plan_path(final: str, rng: random.Random, *, coalition_possible: bool = True) -> list[str]:
    """The status changes after registration (as preparing) that end in ``final``; all allowed transitions."""
    if not coalition_possible and final in (D, OP):
        final = F
    options = {
        P: [[], [], [], [F, P], [S, P]],
        F: [[F], [F], [F, D, F]],
        D: [[F, D], [F, D], [F, D, F, D], [F, D, OP, D]],
        OP: [[F, D, OP], [F, D, OP], [F, D, OP], [F, D, F, D, OP]],
        S: [[S], [F, S], [F, D, S], [F, D, OP, S]],
    }[final]
    if not coalition_possible:
        options = [path for path in options if D not in path] or [[]]
    return list(rng.choice(options))


def _note(previous: str, status: str, rng: random.Random) -> str:
    if status == F and previous == D:
        key = "back_to_forming"
    elif status == D and previous == OP:
        key = "back_to_developing"
    elif status == P and previous == S:
        key = "restart"
    elif status == P:
        key = "back_to_forming"
    else:
        key = status
    return rng.choice(names.STATUS_NOTES[key])


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


@dataclass
class HubPlan:
    info: RegionInfo
    final_status: str
    organisations: int
    bodies: int
    contacts: int


class Generator:
    """Generates hubs with networks. One instance per run; its seed makes the output reproducible."""

    def __init__(self, *, seed: int = 2026, actor=None, today: dt.date | None = None):
        self.rng = random.Random(seed)
        self.fake = Faker("nl_NL")
        self.fake.seed_instance(seed)
        self.actor = actor
        self.today = min(today or timezone.localdate(), HISTORY_END)
        self.used_kvk = set(Organisation.objects.exclude(kvk_number="").values_list("kvk_number", flat=True))
        self._kvk_counter = itertools.count(self.rng.randrange(1_000_000))
        self.counts = defaultdict(int)

    # --- planning -------------------------------------------------------------------------------

    def final_statuses(self, infos: list[RegionInfo], showcase: RegionInfo | None) -> list[str]:
        mix = list(STATUS_MIX)
        self.rng.shuffle(mix)
        statuses = [mix[i % len(mix)] for i in range(len(infos))]
        if showcase is not None:
            i = infos.index(showcase)
            if statuses[i] != OP:
                j = next((k for k, s in enumerate(statuses) if s == OP), None)
                if j is not None:
                    statuses[i], statuses[j] = statuses[j], statuses[i]
                else:
                    statuses[i] = OP
        return statuses

    # --- values ---------------------------------------------------------------------------------

    def kvk(self) -> str:
        while True:
            number = str(10_000_000 + (next(self._kvk_counter) * 7919 + 4_321_987) % 90_000_000)
            if number not in self.used_kvk:
                self.used_kvk.add(number)
                return number

    def phone(self) -> str:
        """A Dutch phone number: a landline with an area code, or a mobile number."""
        rng = self.rng
        if rng.random() < 0.3:
            return f"06 {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"
        area = rng.choice(names.AREA_CODES)
        digits = str(rng.randint(10 ** (9 - len(area)), 10 ** (10 - len(area)) - 1))
        return (
            f"{area} {digits[:3]} {digits[3:]}" if len(area) == 3 else f"{area} {digits[:2]} {digits[2:4]} {digits[4:]}"
        )

    def postcode(self) -> str:
        return f"{self.rng.randint(1000, 9999)} {self.rng.choice('ABCDEGHJKLMNPRSTVWXZ')}{self.rng.choice('ABCDEGHJKLMNPRSTVWXZ')}"

    def aware(self, day: dt.date) -> dt.datetime:
        moment = dt.datetime.combine(day, dt.time(self.rng.randint(8, 16), self.rng.choice((0, 15, 30, 45))))
        return timezone.make_aware(moment)

    def step_dates(self, start: dt.date, steps: int) -> list[dt.date]:
        """``steps`` increasing dates after ``start``, at most up to today."""
        gaps = [self.rng.randint(40, 220) for _ in range(steps)]
        available = max((self.today - start).days - 1, steps)
        if sum(gaps) > available:
            gaps = [max(1, int(g * available / sum(gaps))) for g in gaps]
        dates, day = [], start
        for gap in gaps:
            day = day + dt.timedelta(days=gap)
            dates.append(day)
        return dates

    # --- hub ------------------------------------------------------------------------------------

    @transaction.atomic
    def create_hub(self, plan: HubPlan) -> Hub:
        info, rng, fake = plan.info, self.rng, self.fake
        region = info.region
        registered = dt.date(2024, 1, 8) + dt.timedelta(days=rng.randint(0, 230))
        path = plan_path(plan.final_status, rng, coalition_possible=plan.organisations >= 2)
        dates = self.step_dates(registered, len(path))

        name = f"Participatiehub {region.name}"
        domain = f"participatiehub-{slugify(region.name)}.example"
        reachable_by_phone = path and path[-1] != P or rng.random() < 0.5
        hub = hub_services.hub_create(
            actor=self.actor,
            name=name,
            status=HubStatus.PREPARING,
            follows_region=region,
            municipalities=info.municipalities,
            valid_from=registered,
            summary=rng.choice(names.SUMMARIES).format(regio=region.name, n=len(info.municipalities)),
            contact_name=f"{fake.name()} ({'kwartiermaker' if not path or path[-1] == P else 'hubcoördinator'})",
            contact_email=f"info@{domain}",
            contact_phone=self.phone() if reachable_by_phone else "",
            website=f"https://www.{domain}",
            visiting_address=f"{fake.street_name()} {rng.randint(1, 180)}, {self.postcode()} {info.central.name}",
        )
        # The service dates the registration "now"; in the demo the hub was registered in 2024.
        HubStatusChange.objects.filter(hub=hub).update(changed_at=self.aware(registered))
        self.counts["hubs"] += 1

        organisations = self.create_network(hub, info, plan)

        previous = P
        coalition_done = False
        for status, day in zip(path, dates, strict=True):
            if status == F and not coalition_done and D not in path:
                self.add_coalition(hub, info, organisations, start=day, until=self.today, complete=False)
                coalition_done = True
            if status == D and not coalition_done:
                self.add_coalition(hub, info, organisations, start=registered, until=day, complete=True)
                coalition_done = True
            hub_services.hub_status_change(
                actor=self.actor, hub=hub, to_status=status, note=_note(previous, status, rng), at=self.aware(day)
            )
            previous = status
        last_day = dates[-1] if path and path[-1] == S else self.today
        self.add_design_choices(
            hub, start=registered + dt.timedelta(days=rng.randint(20, 90)), until=last_day, path=path
        )
        return hub

    def add_coalition(self, hub, info, organisations, *, start: dt.date, until: dt.date, complete: bool) -> None:
        rng = self.rng
        if not organisations:
            return
        by_type = defaultdict(list)
        for org in organisations:
            by_type[org.org_type].append(org)
        central_name = f"Gemeente {info.central.name}"
        lead_candidates = [o for o in by_type[OrganisationType.MUNICIPALITY] if o.name == central_name]
        lead_candidates += by_type[OrganisationType.WELFARE][:2] + by_type[OrganisationType.GGD][:1]
        lead_candidates = lead_candidates or list(organisations)
        lead = lead_candidates[0] if rng.random() < 0.6 else rng.choice(lead_candidates)
        pool = []
        for org_type in (
            OrganisationType.GGD,
            OrganisationType.HEALTH_INSURER,
            OrganisationType.PATIENT_ORGANISATION,
            OrganisationType.WELFARE,
            OrganisationType.CARE_PROVIDER,
            OrganisationType.MUNICIPALITY,
            OrganisationType.COLLECTIVE_ADVOCATE,
        ):
            pool += [o for o in by_type[org_type][:3] if o.pk != lead.pk]
        if not pool:
            pool = [o for o in organisations if o.pk != lead.pk]
        if complete:
            size = min(rng.randint(2, 6), len(pool) + 1)
            members = [lead, *rng.sample(pool, size - 1)]
        else:
            size = min(rng.randint(0, 2), len(pool) + 1)
            members = [lead, *rng.sample(pool, size - 1)] if size else []
        days = max((until - start).days - 1, 1)
        for i, org in enumerate(members):
            hub_services.coalition_member_add(
                actor=self.actor,
                hub=hub,
                organisation=org,
                is_lead=(i == 0 and (complete or rng.random() < 0.5)),
                joined_on=start + dt.timedelta(days=rng.randint(0, days)) if days > 1 else start,
            )
            self.counts["coalition"] += 1

    def add_design_choices(self, hub: Hub, *, start: dt.date, until: dt.date, path: list[str]) -> None:
        rng = self.rng
        versions = rng.randint(1, 3) if path else 1
        start = min(start, until)
        dates = sorted({start, *[d for d in self.step_dates(start, versions - 1) if d <= until]})
        legal_form = rng.choice(
            [LegalForm.NONE, LegalForm.HOSTED, LegalForm.HOSTED, LegalForm.FOUNDATION, LegalForm.ASSOCIATION]
        )
        domains = [Domain.SUPPORT, Domain.HEALTH]
        forms = rng.sample(list(ParticipationForm.values), 3)
        agreements = [
            Agreement.IZA_AZWA,
            *rng.sample([Agreement.WOZO, Agreement.GALA, Agreement.TAZ], rng.randint(1, 2)),
        ]
        themes = rng.sample(names.THEMES, 3)
        for i, day in enumerate(dates):
            if i:
                # A later version grows: another form, a new theme, sometimes a new legal form.
                if rng.random() < 0.4:
                    legal_form = rng.choice([LegalForm.FOUNDATION, LegalForm.COOPERATIVE, LegalForm.HOSTED])
                if Domain.CARE not in domains:
                    domains = [*domains, Domain.CARE]
                extra = [f for f in ParticipationForm.values if f not in forms]
                if extra:
                    forms = [*forms, rng.choice(extra)]
                themes = [*themes, *[t for t in rng.sample(names.THEMES, 2) if t not in themes]][:6]
            hub_services.design_choices_record(
                actor=self.actor,
                hub=hub,
                valid_from=day,
                legal_form=legal_form,
                domains=domains,
                participation_forms=forms,
                agreements=agreements,
                themes=themes,
                governance_note=names.GOVERNANCE_NOTES[legal_form],
            )
            self.counts["design_versions"] += 1

    # --- network --------------------------------------------------------------------------------

    def create_network(self, hub: Hub, info: RegionInfo, plan: HubPlan) -> list[Organisation]:
        organisations, org_munis = self.build_organisations(hub, info, plan.organisations)
        Organisation.objects.bulk_create(organisations, batch_size=1000)
        OrgMuni = Organisation.municipalities.through
        OrgMuni.objects.bulk_create(
            [
                OrgMuni(organisation_id=o.pk, municipality_id=m)
                for o, ms in zip(organisations, org_munis, strict=True)
                for m in ms
            ],
            batch_size=2000,
        )
        bodies, body_munis = self.build_bodies(hub, info, organisations, plan.bodies)
        ParticipationBody.objects.bulk_create(bodies, batch_size=1000)
        BodyMuni = ParticipationBody.municipalities.through
        BodyMuni.objects.bulk_create(
            [
                BodyMuni(participationbody_id=b.pk, municipality_id=m)
                for b, ms in zip(bodies, body_munis, strict=True)
                for m in ms
            ],
            batch_size=2000,
        )
        contacts = self.build_contacts(hub, organisations, bodies, plan.contacts)
        ContactPerson.objects.bulk_create(contacts, batch_size=2000)
        relations = self.build_relations(hub, organisations)
        OrganisationRelation.objects.bulk_create(relations, batch_size=2000)
        self.counts["organisations"] += len(organisations)
        self.counts["bodies"] += len(bodies)
        self.counts["contacts"] += len(contacts)
        self.counts["relations"] += len(relations)
        return organisations

    def _fill(self, template: str, info: RegionInfo, municipality: Municipality, extra: dict | None = None) -> str:
        values = {
            "gemeente": municipality.name,
            "regio": info.region.name,
            "achternaam": _capitalise(self.fake.last_name()),
            "straat": self.fake.street_name(),
            "heilige": self.rng.choice(names.HEILIGEN),
            "wijk": self.rng.choice(names.WIJKEN),
            **(extra or {}),
        }
        return template.format(**values)

    @staticmethod
    def _unique(name: str, taken: set[str]) -> str:
        candidate, n = name, 2
        while candidate.lower() in taken:
            candidate, n = f"{name} {n}", n + 1
        taken.add(candidate.lower())
        return candidate

    def _org(self, hub, name, org_type, domains, *, kvk=True) -> Organisation:
        rng = self.rng
        domain = f"{slugify(name)[:50].strip('-')}.example"
        return Organisation(
            hub=hub,
            name=name,
            org_type=org_type,
            kvk_number=self.kvk() if kvk else "",
            website=f"https://www.{domain}" if rng.random() < 0.85 else "",
            email=f"info@{domain}" if rng.random() < 0.9 else "",
            phone=self.phone() if rng.random() < 0.7 else "",
            domain_health="health" in domains,
            domain_care="care" in domains,
            domain_support="support" in domains,
        )

    def build_organisations(self, hub, info: RegionInfo, count: int) -> tuple[list[Organisation], list[list[int]]]:
        rng = self.rng
        all_munis = [m.pk for m in info.municipalities]
        orgs: list[Organisation] = []
        munis: list[list[int]] = []
        taken: set[str] = set()

        def add(org, served):
            orgs.append(org)
            munis.append(sorted(set(served)))

        # The core of every regional network: its municipalities, the care office, the GGD.
        central = info.central
        ordered = [central, *[m for m in info.municipalities if m.pk != central.pk]]
        core = []
        for municipality in ordered:
            core.append(
                (
                    f"Gemeente {municipality.name}",
                    OrganisationType.MUNICIPALITY,
                    ("support", "health"),
                    [municipality.pk],
                )
            )
        insurer = names.ZORGKANTOOR_BY_REGION.get(info.region.code) or rng.choice(names.INSURERS)
        core.insert(
            1,
            (
                f"{insurer} Zorgkantoor {info.region.name}",
                OrganisationType.HEALTH_INSURER,
                ("care", "health"),
                all_munis,
            ),
        )
        for i, ggd in enumerate(info.ggd_names or [f"GGD {info.region.name}"]):
            core.insert(2 + i, (ggd, OrganisationType.GGD, ("health",), all_munis))
        for name, org_type, domains, served in core[:count]:
            add(self._org(hub, self._unique(name, taken), org_type, domains), served)

        type_weights = [w for _, w, _, _ in names.ORGANISATION_TEMPLATES]
        while len(orgs) < count:
            for _attempt in range(8):  # try a few other names before numbering a duplicate
                org_type, _, templates, domains = rng.choices(names.ORGANISATION_TEMPLATES, weights=type_weights)[0]
                template = rng.choice(templates)
                municipality = rng.choice(info.municipalities)
                name = self._fill(template, info, municipality)
                if name.lower() not in taken:
                    break
            name = self._unique(name, taken)
            if "{regio}" in template:
                served = all_munis
            elif "{gemeente}" in template:
                served = [municipality.pk, *([rng.choice(all_munis)] if rng.random() < 0.3 else [])]
            else:
                served = rng.sample(all_munis, min(len(all_munis), rng.randint(1, 3)))
            domains = set(domains)
            if rng.random() < 0.2:
                domains.add(rng.choice(["health", "care", "support"]))
            has_kvk = org_type != OrganisationType.RESIDENTS_INITIATIVE or rng.random() < 0.6
            add(self._org(hub, name, org_type, domains, kvk=has_kvk), served)
        return orgs, munis

    def build_bodies(self, hub, info, organisations, count) -> tuple[list[ParticipationBody], list[list[int]]]:
        rng = self.rng
        by_type = defaultdict(list)
        for org in organisations:
            by_type[org.org_type].append(org)
        municipality_org = {o.name.removeprefix("Gemeente "): o for o in by_type[OrganisationType.MUNICIPALITY]}
        all_munis = [m.pk for m in info.municipalities]
        weights = [25, 15, 20, 8, 8, 8, 8, 8]
        bodies, munis, taken = [], [], set()
        # Every municipality in the network has its social-domain advisory council first.
        first = [m for m in info.municipalities if m.name in municipality_org][:count]
        for municipality in first:
            host = municipality_org[municipality.name]
            name = self._unique(f"Adviesraad Sociaal Domein {municipality.name}", taken)
            bodies.append(
                self._body(hub, host, name, ParticipationForm.SOCIAL_DOMAIN_ADVISORY_COUNCIL, (7, 15), ("support",))
            )
            munis.append([municipality.pk])
        central_org = municipality_org.get(info.central.name)
        while len(bodies) < count:
            for _attempt in range(8):  # try a few other names before numbering a duplicate
                form, templates, host_kind, members = rng.choices(names.BODY_TEMPLATES, weights=weights)[0]
                template = rng.choice(templates)
                municipality = rng.choice(info.municipalities)
                host = None
                extra = {}
                if host_kind == OrganisationType.MUNICIPALITY:
                    host = central_org if "{regio}" in template else municipality_org.get(municipality.name)
                elif host_kind and by_type[host_kind]:
                    host = rng.choice(by_type[host_kind])
                if "{org}" in template:
                    if host is None:
                        template = "Cliëntenraad Zorggroep {regio}"
                    else:
                        extra["org"] = host.name
                name = self._fill(template, info, municipality, extra)
                if name.lower() not in taken:
                    break
            name = self._unique(name, taken)
            if "{regio}" in template or host_kind is None:
                served = all_munis
            else:
                served = [municipality.pk]
            domains = (
                ("health", "care")
                if form == ParticipationForm.CLIENT_COUNCIL
                else rng.choice(
                    [("support",), ("health", "support"), ("care", "support"), ("health", "care", "support")]
                )
            )
            bodies.append(self._body(hub, host, name, form, members, domains))
            munis.append(served)
        return bodies, munis

    def _body(self, hub, host, name, form, members, domains) -> ParticipationBody:
        rng = self.rng
        low, high = members
        return ParticipationBody(
            hub=hub,
            organisation=host,
            name=name,
            form=form,
            member_count=rng.randint(low, high) if rng.random() < 0.85 else None,
            email=f"secretariaat@{slugify(name)[:50].strip('-')}.example" if rng.random() < 0.7 else "",
            description=rng.choice(
                [
                    "Geeft gevraagd en ongevraagd advies over zorg en ondersteuning.",
                    "Denkt mee over de regionale plannen; vergadert eens per maand.",
                    "Brengt de ervaringen van inwoners in bij gemeente en zorgaanbieders.",
                    "",
                ]
            ),
            domain_health="health" in domains,
            domain_care="care" in domains,
            domain_support="support" in domains,
        )

    def build_contacts(self, hub, organisations, bodies, count) -> list[ContactPerson]:
        rng, fake = self.rng, self.fake
        review_from = self.today + dt.timedelta(days=180)
        contacts = []
        for _ in range(count):
            name = fake.name()
            local = slugify(name).replace("-", ".")
            on_org = organisations and (not bodies or rng.random() < 0.7)
            if on_org:
                org = rng.choice(organisations)
                body = None
                function = rng.choice(names.FUNCTIONS.get(org.org_type, names.FUNCTIONS["other"]))
                domain = org.email.partition("@")[2] or f"{slugify(org.name)[:50].strip('-')}.example"
                if org.org_type in (OrganisationType.MUNICIPALITY, OrganisationType.GGD):
                    basis, note = (
                        LegalBasis.PUBLIC_TASK,
                        "Contactpersoon van de gemeente of GGD voor de regionale samenwerking.",
                    )
                elif rng.random() < 0.9:
                    basis, note = (
                        LegalBasis.LEGITIMATE_INTEREST,
                        "Vast aanspreekpunt van de organisatie in het netwerk.",
                    )
                else:
                    basis, note = LegalBasis.CONTRACT, "Genoemd in de samenwerkingsovereenkomst van de hub."
            elif bodies:
                org, body = None, rng.choice(bodies)
                function = rng.choice(names.FUNCTIONS["body"])
                domain = body.email.partition("@")[2] or "inwoners.example"
                if rng.random() < 0.7:
                    basis, note = LegalBasis.CONSENT, "Heeft toestemming gegeven om benaderd te worden voor de hub."
                else:
                    basis, note = LegalBasis.LEGITIMATE_INTEREST, "Aanspreekpunt van het participatieorgaan."
            else:
                org = body = None
                function, domain = "contactpersoon", "inwoners.example"
                basis, note = LegalBasis.CONSENT, "Heeft toestemming gegeven om benaderd te worden voor de hub."
            contacts.append(
                ContactPerson(
                    hub=hub,
                    organisation=org,
                    body=body,
                    name=name,
                    function=function,
                    email=f"{local}@{domain}"[:254],
                    phone=self.phone() if rng.random() < 0.4 else "",
                    legal_basis=basis,
                    basis_note=note,
                    review_by=review_from + dt.timedelta(days=rng.randint(0, 540)),
                )
            )
        return contacts

    def build_relations(self, hub, organisations) -> list[OrganisationRelation]:
        rng = self.rng
        if len(organisations) < 2:
            return []
        seen, relations = set(), []
        for _ in range(len(organisations) // 3):
            source, target = rng.sample(organisations, 2)
            kinds = {
                (OrganisationType.MUNICIPALITY, OrganisationType.WELFARE): RelationKind.FUNDS,
                (OrganisationType.MUNICIPALITY, OrganisationType.RESIDENTS_INITIATIVE): RelationKind.FUNDS,
                (OrganisationType.HEALTH_INSURER, OrganisationType.CARE_PROVIDER): RelationKind.FUNDS,
                (OrganisationType.RESIDENTS_INITIATIVE, OrganisationType.COLLECTIVE_ADVOCATE): RelationKind.MEMBER_OF,
            }
            kind = kinds.get((source.org_type, target.org_type))
            if kind is None:
                if source.org_type in (OrganisationType.PATIENT_ORGANISATION, OrganisationType.COLLECTIVE_ADVOCATE):
                    kind = RelationKind.REPRESENTS if rng.random() < 0.5 else RelationKind.ADVISES
                elif source.org_type in (OrganisationType.GGD, OrganisationType.KNOWLEDGE_INSTITUTE):
                    kind = RelationKind.ADVISES
                else:
                    kind = RelationKind.PARTNER
            key = (source.pk, target.pk, kind)
            if key in seen:
                continue
            seen.add(key)
            relations.append(OrganisationRelation(hub=hub, source=source, target=target, kind=kind))
        return relations


def wipe_hubs_and_networks() -> dict[str, int]:
    """Delete every hub with its network, questions and panels (for ``--reset``). Residents, questions and
    coalition rows first: they protect hubs and organisations."""
    from .experience import wipe_experience
    from .funding import wipe_funding
    from .monitoring import wipe_monitoring
    from .panels import wipe_panels
    from .questions import wipe_questions
    from .scans import wipe_scans

    counts = {"hubs": Hub.objects.count(), "organisations": Organisation.objects.count()}
    with transaction.atomic():
        counts["snapshots"] = wipe_monitoring()  # snapshots protect their hub and indicators
        counts["scans"] = wipe_scans()
        counts["questionnaires"] = wipe_experience()
        counts["applications"] = wipe_funding()  # applications and grants protect their hub
        counts["residents"] = wipe_panels()  # residents protect their hub
        counts["questions"] = wipe_questions()  # questions protect their hub and asking organisation
        CoalitionMember.objects.all().delete()
        OrganisationRelation.objects.all().delete()
        ContactPerson.objects.all().delete()
        ParticipationBody.municipalities.through.objects.all().delete()
        Organisation.municipalities.through.objects.all().delete()
        ParticipationBody.objects.all().delete()
        Organisation.objects.all().delete()
        DesignChoices.objects.all().delete()
        HubStatusChange.objects.all().delete()
        HubMunicipality.objects.all().delete()
        Hub.objects.all().delete()
    return counts
