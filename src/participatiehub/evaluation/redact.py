"""Free texts in the evaluator export: redacted as in the public report, then checked once more.

Every free text goes through the platform's ``Redactor`` (``participatiehub.redaction``: deduce plus
the platform's own list of known persons), the same one the redacted public report uses. Then a last
pass that does not depend on how well that recognises names: every e-mail address and Dutch phone
number, and every name, e-mail address and phone number the database itself holds for a person
(accounts, contact persons, residents, trajectory participants, a question's contact, a hub's contact),
is replaced by a fixed mark. That list is read once per export.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable

from participatiehub.accounts.models import User
from participatiehub.hubs.models import Hub
from participatiehub.network.models import ContactPerson, Organisation, ParticipationBody
from participatiehub.participants.models import Participant
from participatiehub.questions.models import PolicyQuestion
from participatiehub.trajectories.models import TrajectoryParticipant

NAME = "[naam]"
EMAIL = "[e-mailadres]"
PHONE = "[telefoonnummer]"

EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
#: Dutch numbers: 0 or +31 / 0031, optionally (0), then nine digits with spaces, dots or dashes between.
PHONE_RE = re.compile(r"(?<![\w+])(?:\+31|0031|0)(?:[\s.-]{0,3}\(0\))?(?:[\s.-]{0,3}\d){9}(?!\d)")
WORD_RE = re.compile(r"\w+", re.UNICODE)


def load_redactor():
    """The platform's Redactor, built once per export (imported here only: the one place)."""
    from participatiehub.redaction.services import Redactor

    return Redactor.build()


class KnownTerms:
    """Names, e-mail addresses and phone numbers as sequences of words, found in a text in one pass.

    A term of one word only counts with the same capitals (so a person called "Zorg" does not take the
    word "zorg"); longer ones count whatever the capitals and the spaces or punctuation between the words."""

    def __init__(self, terms: Iterable[str]):
        self._single: set[str] = set()
        self._multi: dict[str, list[tuple[str, ...]]] = defaultdict(list)
        for term in terms:
            words = WORD_RE.findall(term or "")
            if len(words) == 1 and len(words[0]) >= 3:
                self._single.add(words[0])
            elif len(words) > 1:
                self._multi[words[0].lower()].append(tuple(w.lower() for w in words))
        for first, candidates in self._multi.items():
            self._multi[first] = sorted(set(candidates), key=len, reverse=True)  # the longest match first

    def __len__(self) -> int:
        return len(self._single) + sum(len(c) for c in self._multi.values())

    def _match(self, words: list[re.Match], i: int) -> int:
        """How many words from ``i`` on form a known term (0: none)."""
        lower = [m.group().lower() for m in words[i : i + 12]]
        for candidate in self._multi.get(lower[0], ()):
            if tuple(lower[: len(candidate)]) == candidate:
                return len(candidate)
        return 1 if words[i].group() in self._single else 0

    def replace(self, text: str, mark: str) -> str:
        words = list(WORD_RE.finditer(text))
        spans: list[tuple[int, int]] = []
        i = 0
        while i < len(words):
            length = self._match(words, i)
            if length:
                spans.append((words[i].start(), words[i + length - 1].end()))
                i += length
            else:
                i += 1
        for start, end in reversed(spans):
            text = text[:start] + mark + text[end:]
        return text


def known_terms() -> tuple[KnownTerms, KnownTerms, KnownTerms]:
    """(names, e-mail addresses, phone numbers) of persons as the database holds them; one query per source."""
    names: list[str] = []
    emails: list[str] = []
    phones: list[str] = []
    for full_name, first, last, email in User.objects.values_list("full_name", "first_name", "last_name", "email"):
        names += [full_name, f"{first} {last}".strip()]
        emails.append(email)
    for name, email, phone in ContactPerson.objects.values_list("name", "email", "phone"):
        names.append(name)
        emails.append(email)
        phones.append(phone)
    names += Participant.objects.values_list("display_name", flat=True)
    for name, email in TrajectoryParticipant.objects.values_list("name", "email"):
        names.append(name)
        emails.append(email)
    for name, email in PolicyQuestion.objects.values_list("contact_name", "contact_email"):
        names.append(name)
        emails.append(email)
    for name, email, phone in Hub.objects.values_list("contact_name", "contact_email", "contact_phone"):
        names.append(name)
        emails.append(email)
        phones.append(phone)
    for email, phone in Organisation.objects.values_list("email", "phone"):
        emails.append(email)
        phones.append(phone)
    emails += ParticipationBody.objects.values_list("email", flat=True)
    return KnownTerms(names), KnownTerms(emails), KnownTerms(phones)


class TextCleaner:
    """``clean(text)``: the redacted text, without any known or recognisable e-mail address, phone number
    or name of a person in the database."""

    def __init__(self, redact: Callable[[str], str], names: KnownTerms, emails: KnownTerms, phones: KnownTerms):
        self._redact = redact
        self._names = names
        self._emails = emails
        self._phones = phones

    def __call__(self, text: str | None) -> str:
        if not text or not str(text).strip():
            return ""
        text = self._redact(str(text))
        text = EMAIL_RE.sub(EMAIL, text)
        text = PHONE_RE.sub(PHONE, text)
        text = self._emails.replace(text, EMAIL)
        text = self._phones.replace(text, PHONE)
        return self._names.replace(text, NAME)


def build_cleaner() -> TextCleaner:
    redactor = load_redactor()
    return TextCleaner(lambda text: redactor.redact(text).text, *known_terms())
