"""The pieces on their own: pseudonyms, small cells and the last pass over free texts."""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participatiehub.evaluation.pseudonyms import Pseudonymiser
from participatiehub.evaluation.redact import EMAIL, NAME, PHONE, KnownTerms, TextCleaner
from participatiehub.evaluation.suppression import persons, persons_group


def test_pseudonyms_are_per_recipient_and_per_key_not_per_secret_key():
    one = Pseudonymiser(1)("participant", 42)
    assert one.startswith("DLN-") and len(one) == 20 and one == Pseudonymiser(1)("participant", 42)
    assert Pseudonymiser(2)("participant", 42) != one
    assert Pseudonymiser(1)("user", 42) != one.replace("DLN", "GBR")
    with override_settings(SECRET_KEY="rotated-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"):
        assert Pseudonymiser(1)("participant", 42) == one
    with override_settings(PH_PSEUDONYM_KEY="rotated-pseudonym-key-0123456789abcdefghijklmnopqrstu"):
        assert Pseudonymiser(1)("participant", 42) != one
        assert Pseudonymiser(1).scope != Pseudonymiser(1, key=b"x").scope
    with override_settings(PH_PSEUDONYM_KEY=""), pytest.raises(ImproperlyConfigured):
        Pseudonymiser(1)
    assert Pseudonymiser(1)("user", None) == ""


def test_persons():
    assert [persons(n) for n in (None, 0, 1, 4, 5, 120)] == [None, 0, "<5", "<5", 5, 120]


def test_complementary_suppression():
    assert persons_group([6, 1]) == ["*", "<5"]
    assert persons_group([10, 7, 2, 0]) == [10, "*", "<5", 0]
    assert persons_group([3, 2, 9]) == ["<5", "<5", 9]  # two suppressed: neither can be worked out
    assert persons_group([0, 3]) == [0, "<5"]
    assert persons_group([8, 9]) == [8, 9]


@given(st.lists(st.integers(min_value=0, max_value=50), max_size=8))
def test_no_group_leaves_a_single_suppressed_cell_next_to_shown_ones(counts):
    cells = persons_group(counts)
    assert all(c == "<5" for c, n in zip(cells, counts, strict=True) if 0 < n < 5)
    hidden = [c for c in cells if c in ("<5", "*")]
    shown_nonzero = [c for c in cells if isinstance(c, int) and c > 0]
    assert len(hidden) != 1 or not shown_nonzero


def test_known_terms_and_the_cleaner():
    names = KnownTerms(["Jan de Vries", "Zorg", "Fatima El Amrani"])
    emails = KnownTerms(["jan@devries.example"])
    phones = KnownTerms(["030-1234567", "14 030"])
    clean = TextCleaner(lambda text: text, names, emails, phones)
    text = "JAN  de vries (jan@devries.example, 030 - 1234567, 06 12 34 56 78) en Fatima El-Amrani: Zorg en zorg."
    assert clean(text) == f"{NAME} ({EMAIL}, {PHONE}, {PHONE}) en {NAME}: {NAME} en zorg."
    assert clean("mail iemand@anders.example of +31 6 1234 5678") == f"mail {EMAIL} of {PHONE}"
    assert clean(None) == "" and clean("  ") == ""
    assert clean("kvk 12345678, in 2024-2025") == "kvk 12345678, in 2024-2025"
    assert clean("Bel 14 030 of 030 1234567.") == f"Bel {PHONE} of {PHONE}."
