import pytest
from django.contrib.auth.models import Group

from tests.factories import (
    ApplicationFactory,
    CallFactory,
    CriterionFactory,
    JuryMemberFactory,
    QuestionFactory,
    UserFactory,
)


@pytest.fixture
def jury_group(db):
    """The Jury group as calls/migrations/0002 creates it (transactional tests flush it)."""
    from django.contrib.auth.models import Permission

    group, _ = Group.objects.get_or_create(name="Jury")
    group.permissions.set(Permission.objects.filter(content_type__app_label="calls", codename="review_application"))
    return group


@pytest.fixture
def make_juror(jury_group):
    def make(call, **kwargs):
        user = UserFactory(is_staff=True, **kwargs)
        user.groups.add(jury_group)
        JuryMemberFactory(call=call, user=user)
        return user

    return make


@pytest.fixture
def call(db):
    """An open call with a question of every kind and a two-criteria rubric."""
    call = CallFactory(slug="pitch-day")
    QuestionFactory(call=call, kind="short_text", label_de="Name des Produkts", label_en="Product name")
    QuestionFactory(call=call, kind="long_text", max_length=200, label_de="Idee", label_en="Idea")
    QuestionFactory(call=call, kind="number", label_de="Team", label_en="Team size")
    QuestionFactory(
        call=call,
        kind="choice",
        choices_de="Seed\nWachstum",
        choices_en="Seed\nGrowth",
        label_de="Phase",
        label_en="Stage",
    )
    QuestionFactory(call=call, kind="yes_no", label_de="Prototyp?", label_en="Prototype?")
    QuestionFactory(call=call, kind="date", required=False, label_de="Gegründet", label_en="Founded")
    QuestionFactory(call=call, kind="file", required=False, label_de="Pitch-Deck", label_en="Pitch deck")
    QuestionFactory(call=call, kind="long_text", phase="second", label_de="Konzept", label_en="Concept")
    CriterionFactory(call=call, name_de="Innovation", name_en="Innovation", weight=2)
    CriterionFactory(call=call, name_de="Team", name_en="Team", weight=1)
    return call


def answers_data(call, **overrides) -> dict:
    """Valid POST data for every first-phase question of the `call` fixture."""
    data = {}
    for question in call.questions.filter(phase="first"):
        value = {
            "short_text": "Sensorwiese",
            "long_text": "Bewässerung für Grünflächen",
            "number": "4",
            "choice": "1",
            "yes_no": "yes",
            "date": "2024-05-01",
            "file": None,
        }[question.kind]
        if value is not None:
            data[f"q{question.pk}"] = value
    data.update(overrides)
    return data


@pytest.fixture
def application(call):
    return ApplicationFactory(call=call, stage="draft", submitted_at=None)
