"""The engine's codes in Dutch (and English): every code has a text with the same placeholders, and the
Dutch reads as it did when the engine still wrote Dutch itself (these assertions moved here from
fairlot/tests when the engine started to speak in codes)."""

from __future__ import annotations

import re

from django.utils import translation

import fairlot
import pytest
from fairlot import InfeasibleQuotas, Instance, Issue, Progress, Quota, Relaxation, select
from fairlot.messages import TEMPLATES, placeholders

from participatiehub.panels import engine_text


class _Recorder(dict):
    """Formats every key as ``value`` and remembers which keys a text asked for."""

    def __init__(self, value: int):
        super().__init__()
        self.value = value
        self.asked: set[str] = set()

    def __getitem__(self, key):
        self.asked.add(key)
        return self.value


def _asked(code: str, count: int) -> set[str]:
    """The placeholders of a code's text (the singular form for count 1, the plural one for 2)."""
    rec = _Recorder(count)
    with translation.override(None):
        engine_text.TEXTS[code] % rec
    return rec.asked


def test_every_engine_code_has_a_text_with_the_same_placeholders():
    missing = set(TEMPLATES) - set(engine_text.TEXTS)
    assert not missing, f"engine codes without a text in panels/engine_text.py: {sorted(missing)}"
    assert set(engine_text.TEXTS) == set(TEMPLATES), "texts for codes the engine no longer has"
    for code in TEMPLATES:
        assert _asked(code, 1) == _asked(code, 2) == set(placeholders(code)), code


def _sample(code: str) -> dict:
    return {name: (0.5 if spec else 2) for name, spec in placeholders(code).items()}


@pytest.mark.parametrize("code", sorted(TEMPLATES))
def test_every_text_is_translated_to_dutch(code):
    params = _sample(code)
    if code == "infeasible.proposal":
        params = {"changes": (Relaxation("g", "v", "min", 2, 1),)}
    message = Issue(code, params)
    english = engine_text.translate(message, "en")
    dutch = engine_text.translate(message, "nl")
    assert english and dutch and dutch != english
    assert "%(" not in dutch and "{" not in dutch


def _dutch(error: fairlot.SelectionError) -> list[str]:
    return engine_text.messages(error, "nl")


def _pool(n_f=10, n_m=10):
    return {
        f"p{i}": {"geslacht": "vrouw" if i < n_f else "man", "leeftijd": "16-24" if i % 4 == 0 else "25+"}
        for i in range(n_f + n_m)
    }


def _refusal(instance: Instance, **kwargs) -> InfeasibleQuotas:
    with pytest.raises(InfeasibleQuotas) as exc:
        select(instance, **kwargs)
    return exc.value


def _quotas(vrouw, man, jong, oud):
    return [
        Quota("geslacht", "vrouw", *vrouw),
        Quota("geslacht", "man", *man),
        Quota("leeftijd", "16-24", *jong),
        Quota("leeftijd", "25+", *oud),
    ]


def test_minimums_above_the_seats_in_dutch_with_the_proposal_last():
    error = _refusal(Instance(_pool(), _quotas((4, 5), (3, 5), (0, 6), (0, 6)), 6))
    msgs = _dutch(error)
    assert msgs[0] == "Er is geen panel mogelijk dat aan alle quota voldoet."
    assert "De minimums voor 'geslacht' tellen op tot 7 plaatsen, maar het panel heeft er 6." in msgs
    assert msgs[-1].startswith("Voorstel: verlaag het minimum voor geslacht=")
    assert re.fullmatch(r"Voorstel: verlaag het minimum voor geslacht=(vrouw|man) van \d naar \d\.", msgs[-1])


def test_too_few_volunteers_with_a_value_in_dutch():
    error = _refusal(Instance(_pool(), _quotas((0, 6), (0, 6), (6, 6), (0, 6)), 6))
    msgs = _dutch(error)
    assert (
        "Voor 'leeftijd = 16-24' zijn minimaal 6 plaatsen nodig, maar er zijn maar 5 aanmelders met die waarde." in msgs
    )
    with translation.override("nl"):
        (shown,) = engine_text.relaxations(error.relaxations)
    assert shown.message == "verlaag het minimum voor leeftijd=16-24 van 6 naar 5"
    assert (shown.feature, shown.value, shown.bound, shown.old, shown.new) == ("leeftijd", "16-24", "min", 6, 5)


def test_maximums_below_the_seats_in_dutch():
    error = _refusal(Instance(_pool(), _quotas((0, 2), (0, 2), (0, 6), (0, 6)), 6))
    assert "De maximums voor 'geslacht' tellen op tot 4 plaatsen, maar het panel heeft er 6." in _dutch(error)
    with translation.override("nl"):
        shown = engine_text.relaxations(error.relaxations)
    assert shown and all(r.message.startswith("verhoog het maximum") for r in shown)


def test_conflicting_features_pool_too_small_households_and_unknown_values_in_dutch():
    people = {f"p{i}": {"g": "v" if i < 5 else "m", "a": "jong" if i < 5 else "oud"} for i in range(10)}
    quotas = [Quota("g", "v", 2, 3), Quota("g", "m", 1, 3), Quota("a", "jong", 0, 1), Quota("a", "oud", 0, 4)]
    assert "zitten elkaar in de weg" in _dutch(_refusal(Instance(people, quotas, 4)))[0]

    small = _dutch(_refusal(Instance(_pool(2, 2), _quotas((0, 6), (0, 6), (0, 6), (0, 6)), 6)))
    assert "Er zijn maar 4 aanmelders, maar het panel heeft 6 plaatsen." in " ".join(small)
    assert small[-1] == "Zoek meer aanmelders of kies een kleiner panel."

    people = {f"p{i}": {"g": "x"} for i in range(6)}
    households = {f"p{i}": f"h{i % 2}" for i in range(6)}
    assert any("huishoud" in m for m in _dutch(_refusal(Instance(people, [Quota("g", "x", 0, 6)], 3, households))))

    with pytest.raises(fairlot.InvalidInstance) as exc:
        select(Instance({"p0": {"g": "x"}, "p1": {"g": "y"}}, [Quota("g", "x", 0, 2)], 1))
    assert _dutch(exc.value) == [
        "1 aanmelder(s) hebben voor 'g' de waarde 'y', maar daarvoor is geen quotum (p1). "
        "Voeg een quotum toe voor 'g = y'."
    ]


def test_replacement_over_a_maximum_in_dutch():
    people = {f"p{i}": {"g": "f" if i < 10 else "m"} for i in range(20)}
    error = _refusal(Instance(people, [Quota("g", "f", 1, 1), Quota("g", "m", 3, 5)], 6), seated=["p0", "p1"])
    assert _dutch(error)[0] == "Voor 'g = f' zitten er al 2 mensen in het panel, maar het maximum is 1."


def test_a_tampered_publication_in_dutch():
    with pytest.raises(fairlot.SelectionError) as exc:
        fairlot.verify({"panels": [["a"]], "panels_sha256": "0"}, "seed")
    assert "vingerafdruk" in _dutch(exc.value)[0]


def test_progress_in_dutch_with_a_decimal_comma_and_in_english_with_a_point():
    people = {f"p{i}": {"g": "abc"[i % 3], "h": "xy"[i % 2]} for i in range(30)}
    inst = Instance(people, [Quota("g", v, 1, 3) for v in "abc"] + [Quota("h", v, 2, 4) for v in "xy"], 6)
    steps = []
    select(inst, progress=lambda f, step: steps.append(step))
    with translation.override("nl"):
        texts = [engine_text.translate(s) for s in steps]
        assert texts[0] == "Gegevens controleren" and texts[-1] == "Klaar" and all(texts)
        within = engine_text.translate(Progress("progress.spreading_within", tolerance=0.001))
        reached = engine_text.translate(Progress("progress.spreading_reached", percent=97.34))
        both = engine_text.translate(Progress("progress.spreading_within_reached", tolerance=0.001, percent=50.0))
        level = engine_text.translate(
            Progress("progress.level_fixed", level=2, probability=0.125, groups=3, remaining=5)
        )
        between = engine_text.translate(Progress("progress.smallest_between", low=0.025, high=0.026059))
    assert within == "Kansen verdelen tot op 0,0010 na"
    assert reached == "Kansen verdelen: 97,3% van het doel bereikt" and "." not in reached
    assert both == "Kansen verdelen tot op 0,0010 na: 50,0% van het doel bereikt"
    assert level == "Niveau 2: kans 0,1250 vastgelegd voor 3 groep(en); nog 5 groep(en) te gaan"
    assert between == "Kleinste kans zoeken: tussen 0,0250 en 0,0261"
    assert engine_text.translate(Progress("progress.spreading_within", tolerance=0.001), "en") == (
        "Spreading the chances to within 0.0010"
    )


def test_the_texts_are_in_the_site_language_whatever_the_request_language(settings):
    step = Progress("progress.spreading_within", tolerance=0.001)
    with translation.override("en"):  # as in the pool tests (_english)
        assert settings.LANGUAGE_CODE == "nl"
        assert engine_text.translate(step) == "Kansen verdelen tot op 0,0010 na"
        settings.LANGUAGE_CODE = "en"
        assert engine_text.translate(step) == "Spreading the chances to within 0.0010"


def test_a_proposal_of_several_changes_reads_as_one_sentence():
    changes = (
        Relaxation("g", "v", "min", 4, 3, feature_label="Geslacht", value_label="Vrouw"),
        Relaxation("a", "j", "max", 1, 2, feature_label="Leeftijd", value_label="16-24"),
        Relaxation("a", "o", "max", 2, 3),
    )
    with translation.override("nl"):
        text = engine_text.translate(Issue("infeasible.proposal", changes=changes))
        one = engine_text.translate(Issue("infeasible.pool_too_small", volunteers=1, seats=6))
    assert text == (
        "Voorstel: verlaag het minimum voor Geslacht=Vrouw van 4 naar 3, verhoog het maximum voor Leeftijd=16-24 "
        "van 1 naar 2 en verhoog het maximum voor a=o van 2 naar 3."
    )
    assert one == "Er zijn maar 1 aanmelder, maar het panel heeft 6 plaatsen. Er zijn dus te weinig aanmelders."
