"""Factories for policy questions."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

import factory
from factory.django import DjangoModelFactory

from participatiehub.questions.constants import LadderRung, QuestionStatus
from participatiehub.questions.models import PolicyQuestion, QuestionStatusChange
from tests.factories import HubFactory, OrganisationFactory


class PolicyQuestionFactory(DjangoModelFactory):
    class Meta:
        model = PolicyQuestion
        skip_postgeneration_save = True

    hub = factory.SubFactory(HubFactory)
    asking_organisation = factory.SubFactory(OrganisationFactory, hub=factory.SelfAttribute("..hub"))
    title = factory.Sequence(lambda n: f"Vraagstuk {n}")
    summary = "Hoe maken we de zorg in de wijk beter bereikbaar?"
    background = ""
    contact_name = "Jan de Vries"
    contact_email = factory.Sequence(lambda n: f"beslisser{n}@gemeente.example.nl")
    agreements = factory.LazyFunction(lambda: ["iza_azwa"])
    themes = factory.LazyFunction(lambda: ["eenzaamheid"])
    promised_rung = LadderRung.ADVISE
    decision_body = "De gemeenteraad"
    decision_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90))
    answer_due_date = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=120))
    status = QuestionStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def history(obj, create, extracted, **kwargs):
        """A first history row, like the services write (pass history=False to skip it)."""
        if create and extracted is not False:
            QuestionStatusChange.objects.create(
                question=obj,
                from_status="",
                to_status=QuestionStatus.SUBMITTED,
                changed_at=obj.submitted_at,
                actor="decision_maker",
            )
