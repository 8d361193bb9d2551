"""Factories for the funding tests (the assessment and grant tests use them too)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from participatiehub.funding.constants import DEFAULT_PROCEDURE, CallStatus, PartnerRole
from participatiehub.funding.models import (
    Application,
    ApplicationAttachment,
    ApplicationPartner,
    BudgetLine,
    Call,
    CallStep,
    ProgrammeLine,
    RequiredAttachment,
)
from tests.factories import HubFactory, OrganisationFactory, UserFactory

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class ProgrammeLineFactory(DjangoModelFactory):
    class Meta:
        model = ProgrammeLine
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"L{n}")
    name = factory.Sequence(lambda n: f"Programmalijn {n}")
    budget = Decimal("26000000.00")
    starts_on = dt.date(2024, 1, 1)
    ends_on = dt.date(2027, 12, 31)


class CallFactory(DjangoModelFactory):
    """An open call: opened a month ago, closes in a month; all five steps, max € 50.000 and 6 months."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    line = factory.SubFactory(ProgrammeLineFactory)
    title = factory.Sequence(lambda n: f"Oproep {n}")
    slug = factory.Sequence(lambda n: f"oproep-{n}")
    text = "Voor coalities van twee of meer regionale partijen."
    max_amount = Decimal("50000.00")
    max_months = 6
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=30))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    min_partners = 2
    dutch_legal_entity_required = True
    repair_days = 10
    status = CallStatus.OPEN

    @factory.post_generation
    def procedure(obj, create, extracted, **kwargs):
        """``procedure=[...]`` enables only those steps (in that order); by default all five."""
        if not create:
            return
        kinds = list(extracted) if extracted is not None else list(DEFAULT_PROCEDURE)
        CallStep.objects.bulk_create(
            CallStep(
                call=obj,
                kind=kind,
                order=(kinds.index(kind) + 1) * 10 if kind in kinds else 90 + i,
                enabled=kind in kinds,
            )
            for i, kind in enumerate(DEFAULT_PROCEDURE)
        )


class RequiredAttachmentFactory(DjangoModelFactory):
    class Meta:
        model = RequiredAttachment

    call = factory.SubFactory(CallFactory)
    name = factory.Sequence(lambda n: f"Verplichte bijlage {n}")


class ApplicationFactory(DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    hub = factory.SubFactory(HubFactory)
    lead_applicant = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Aanvraag {n}")
    summary = "Een coalitie voor de regio."
    plan = "Wij organiseren bijeenkomsten met inwoners."
    months = 6


class PartnerFactory(DjangoModelFactory):
    class Meta:
        model = ApplicationPartner

    application = factory.SubFactory(ApplicationFactory)
    organisation = factory.SubFactory(OrganisationFactory, hub=factory.SelfAttribute("..application.hub"))
    roles = factory.LazyFunction(lambda: [PartnerRole.PARTNER])
    is_dutch_legal_entity = True


class BudgetLineFactory(DjangoModelFactory):
    class Meta:
        model = BudgetLine

    application = factory.SubFactory(ApplicationFactory)
    category = "staff"
    description = "Projectleider"
    amount = Decimal("20000.00")


def attach(application, required=None, name="plan.pdf") -> ApplicationAttachment:
    attachment = ApplicationAttachment(
        application=application,
        required=required,
        name=required.name if required else name,
        content_type="application/pdf",
        size=len(PDF_BYTES),
    )
    attachment.file.save(name, ContentFile(PDF_BYTES), save=False)
    attachment.save()
    return attachment


def complete_application(**kwargs) -> Application:
    """A draft that can be submitted: two Dutch partners holding the three roles, € 45.000, every attachment."""
    application = ApplicationFactory(**kwargs)
    PartnerFactory(
        application=application,
        roles=[PartnerRole.MAIN_APPLICANT, PartnerRole.PROJECT_LEADER, PartnerRole.ADMINISTRATIVE],
    )
    PartnerFactory(application=application)
    BudgetLineFactory(application=application, amount=Decimal("30000.00"))
    BudgetLineFactory(
        application=application, category="allowances", description="Vergoedingen", amount=Decimal("15000.00")
    )
    for required in application.call.required_attachments.all():
        attach(application, required)
    return application
