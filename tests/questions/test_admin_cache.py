"""Admin edits of questions and trajectories refresh the cached public pages."""

from django.contrib import admin
from django.test import RequestFactory
from django.urls import reverse

import pytest

from participatiehub.core.admin_mixins import BumpsDataVersionAdmin
from participatiehub.core.services import data_version
from participatiehub.questions.constants import QuestionStatus
from participatiehub.questions.models import PolicyQuestion
from tests.factories import UserFactory
from tests.questions.factories import PolicyQuestionFactory

pytestmark = pytest.mark.django_db


def test_every_admin_of_the_chain_bumps_the_questions_version():
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in {"questions", "trajectories"}:
            assert isinstance(model_admin, BumpsDataVersionAdmin), model
            assert model_admin.data_version_name == "questions"


def test_admin_delete_refreshes_the_public_list(client):
    question = PolicyQuestionFactory(title="Weg te halen vraagstuk", status=QuestionStatus.ACCEPTED)
    url = reverse("questions:public_list")
    assert "Weg te halen vraagstuk" in client.get(url).content.decode()
    before = data_version("questions")
    request = RequestFactory().post("/")
    request.user = UserFactory(is_staff=True, is_superuser=True)
    admin.site._registry[PolicyQuestion].delete_model(request, question)
    assert data_version("questions") != before
    assert "Weg te halen vraagstuk" not in client.get(url).content.decode()
