"""The redaction engine on planted texts: what goes, what stays, and spans that point at the original."""

from __future__ import annotations

import pytest

from participatiehub.redaction.constants import GROUND_NATIONAL_ID, GROUND_PRIVACY
from participatiehub.redaction.engine import Engine, RedactionLists, is_bsn

LISTS = RedactionLists(
    person_names=["Jan de Boer (kwartiermaker)", "Dr. Lisa Onderzoeker", "Anna de Wit-Bakker", "Piet Jansen"],
    emails=["p.jansen@example.nl"],
    phones=["06 12345678"],
    organisations=["Gemeente Utrecht", "GGD Utrecht", "Participatiehub Utrecht", "Zilveren Kruis"],
    office_holders=[("Fatima El Amrani", "wethouder")],
    undo_terms=["Wijkteam Oost"],
    add_terms=[("Klaas Vaak", "naam")],
    vocabulary=["Utrecht", "Amersfoort"],
)


@pytest.fixture(scope="module")
def engine():
    return Engine(LISTS)


def check_spans(text, result):
    for span in result.spans:
        assert text[span.start : span.end] == span.original
    return result


def test_contact_details_and_addresses_go(engine):
    text = (
        "Bel Piet Jansen op 06-12345678 of mail p.jansen@example.nl. Het kantoor: +31 (0)30 123 4567 of "
        "(030) 123 45 67. Mevrouw De Vries woont aan de Kerkstraat 12, 3512 AB Utrecht. BSN 123456782."
    )
    result = check_spans(text, engine.redact(text))
    out = result.text
    for planted in ("Piet", "Jansen", "12345678", "p.jansen", "123 4567", "123 45 67", "Vries", "Kerkstraat", "3512"):
        assert planted not in out
    assert out.startswith("Bel [naam] op [telefoonnummer] of mail [e-mailadres].")
    assert "[adres]" in out and "BSN [nummer]" in out
    by_category = {s.category: s for s in result.spans}
    assert by_category["bsn"].ground == GROUND_NATIONAL_ID
    assert by_category["naam"].ground == GROUND_PRIVACY
    # Known details are named as such; a number nobody holds was found by its pattern.
    sources = {s.original: s.source for s in result.spans}
    assert sources["p.jansen@example.nl"] == "bekende persoon"
    assert sources["06-12345678"] == "bekende persoon"
    assert sources["+31 (0)30 123 4567"] == "patroon"


def test_organisations_places_and_office_holders_in_their_role_stay(engine):
    text = "Wethouder Fatima El Amrani van Gemeente Utrecht sprak met GGD Utrecht en Zilveren Kruis in Amersfoort."
    result = check_spans(text, engine.redact(text))
    assert result.text == text
    # Without the role nearby she is a private person.
    text = "Fatima El Amrani schreef ons als inwoner over haar buurt."
    assert engine.redact(text).text.startswith("[naam] schreef")


def test_known_persons_by_full_name_surname_and_initials(engine):
    text = "Mevr. A. de Wit-Bakker, mevrouw De Wit-Bakker, J. de Boer en Lisa Onderzoeker. De boer ploegt."
    result = check_spans(text, engine.redact(text))
    assert result.text == "Mevr. [naam], mevrouw [naam], [naam] en [naam]. De boer ploegt."
    assert {s.source for s in result.spans} == {"bekende persoon"}


def test_decisions_undo_keeps_and_add_redacts(engine):
    text = "Het Wijkteam Oost en Klaas Vaak hielpen mee."
    assert engine.redact(text).text == "Het Wijkteam Oost en [naam] hielpen mee."
    spans = engine.redact(text).spans
    assert spans[0].source == "handmatig"


def test_money_and_dates_stay_iban_goes(engine):
    text = "Het budget is € 1.250.000 en 1250000 euro; IBAN NL91 ABNA 0417 1643 00; op 12 maart 2026, 65 jaar."
    result = check_spans(text, engine.redact(text))
    assert result.text == "Het budget is € 1.250.000 en 1250000 euro; IBAN [nummer]; op 12 maart 2026, 65 jaar."


def test_deduce_person_spans_are_trimmed():
    engine = Engine(RedactionLists())
    text = "Bel Kees Pietersen van Gemeente Zwolle of dhr. J.P. van den Berg."
    result = check_spans(text, engine.redact(text))
    assert result.text == "Bel [naam] van Gemeente Zwolle of dhr. [naam]."


def test_overlapping_spans_merge_and_empty_texts():
    engine = Engine(RedactionLists(person_names=["Kees Pietersen"], add_terms=[("Pietersen van", "naam")]))
    text = "Kees Pietersen van hiernaast."
    result = check_spans(text, engine.redact(text))
    assert len(result.spans) == 1 and result.spans[0].original == "Kees Pietersen van"
    assert result.spans[0].source == "handmatig"
    assert engine.redact("").text == "" and engine.redact("").spans == []


def test_bsn_eleven_test():
    assert is_bsn("123456782") and is_bsn("1234.56.782")
    assert not is_bsn("123456789") and not is_bsn("000000000")
