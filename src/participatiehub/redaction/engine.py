"""The redaction engine: finds personal details in a free text and replaces them by placeholders.

Plain Python on lists the service layer hands over (``RedactionLists``); no database here. Four
finders propose spans, the keep list takes back what may stay, overlapping spans merge:

1. ``deduce`` (Dutch de-identification): persons, e-mail addresses, phone numbers, addresses, BSN and
   other numbers. Its person spans are trimmed (a leading "Bel"/"Mevrouw", a trailing "van Gemeente
   Utrecht"); its places without a number ("Utrecht") stay, an address has a number or a postcode.
2. Patterns: e-mail, Dutch phone numbers, postcode, street + house number, IBAN, BSN (eleven test).
3. Known persons: every name the platform holds (full name case-insensitive; the surname alone when
   written with a capital), and their e-mail addresses and phone numbers.
4. Terms the programme office added ("always redact").

Kept (never redacted): organisation names, public office holders when their role is named near the
name, and terms the office undid. An added term wins over a kept one.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from .constants import ROLE_WINDOW, RULES, SOURCE_ORDER, Category, Source

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Span:
    """One redaction: ``start``/``end`` index the ORIGINAL text; ``original`` is ``text[start:end]``."""

    start: int
    end: int
    original: str
    category: str
    placeholder: str
    ground: str
    source: str


@dataclass(frozen=True)
class Redacted:
    text: str
    spans: list[Span]


@dataclass
class RedactionLists:
    """Everything the engine needs to know besides the text (built once per run by the service)."""

    person_names: Iterable[str] = ()
    emails: Iterable[str] = ()
    phones: Iterable[str] = ()
    organisations: Iterable[str] = ()
    office_holders: Iterable[tuple[str, str]] = ()  # (name, role)
    undo_terms: Iterable[str] = ()
    add_terms: Iterable[tuple[str, str]] = ()  # (term, category)
    #: Words that name places or organisations: never redacted as a surname on their own.
    vocabulary: Iterable[str] = ()
    #: A hash of the office's keep list and decisions these lists hold (``selectors.office_version``).
    office_version: str = ""


# --- deduce: one instance per process -------------------------------------------------------------

_DEDUCE = None
_DEDUCE_LOCK = threading.Lock()


def _deduce():
    """The process's one ``Deduce`` (loading it takes seconds and much memory; never per call)."""
    global _DEDUCE
    if _DEDUCE is None:
        with _DEDUCE_LOCK:
            if _DEDUCE is None:
                root = logging.getLogger()
                level = root.level
                from deduce import Deduce  # noqa: PLC0415 - heavy, loaded on first use only

                instance = Deduce()
                root.setLevel(level)  # deduce sets the root logger to DEBUG on import
                _DEDUCE = instance
    return _DEDUCE


def deduce_annotations(text: str) -> list[tuple[str, int, int]]:
    """(tag, start, end) of what deduce finds in ``text``."""
    engine = _deduce()
    with _DEDUCE_LOCK:  # deduce promises nothing about threads; a call takes a millisecond
        doc = engine.deidentify(text)
    return [(a.tag, a.start_char, a.end_char) for a in doc.annotations]


# --- text helpers ---------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")


def norm(word: str) -> str:
    """Case and accents folded: "Hubcoördinator" and "hubcoordinator" are one word."""
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), norm(m.group())) for m in _WORD.finditer(text)]


#: Name particles (tussenvoegsels and their kin).
PARTICLES = frozenset("van de der den het 't ten ter te in op la le el al d' da di du von zu bin ben ibn abu".split())
#: Titles and forms of address before a name, and degrees after it.
TITLES = frozenset("dr drs mr ir ing prof dhr mevr mw mevrouw meneer heer ds bc ma msc bsc ba phd llm mba".split())
#: Words deduce takes into a person's name that are not part of it ("Bel Piet Jansen").
LEADING_NOISE = TITLES | frozenset(
    "bel belt mail mailt contact beste geachte hallo dag wethouder burgemeester gedeputeerde minister "
    "staatssecretaris directeur voorzitter secretaris coordinator hubcoordinator kwartiermaker".split()
)
#: Words that start an organisation's name: deduce's person span is cut there ("… van Gemeente Utrecht").
ORGANISATION_WORDS = frozenset(
    "gemeente gemeenten ggd zorgkantoor stichting vereniging ziekenhuis provincie regio gemeenteraad raad "
    "adviesraad clientenraad participatieraad zorggroep huisartsenpraktijk zorgverzekeraar ministerie college "
    "participatiehub hub inwonerspanel burgerpanel welzijn zonmw vws bv nv".split()
)
#: Small words left at the end of a trimmed span ("Fatima El Amrani van").
CONNECTORS = frozenset("van bij namens en of de het voor uit met aan door over op in".split())
#: … and at its start (not the particles: "de Boer" is a name).
LEADING_CONNECTORS = CONNECTORS - PARTICLES


def _trim(text: str, start: int, end: int, *, leading: frozenset = LEADING_CONNECTORS) -> tuple[int, int] | None:
    """Shrink ``[start, end)`` to whole words without ``leading`` words at the start, connectors at the end."""
    tokens = list(words(text[start:end]))
    while tokens and tokens[0][2] in leading:
        tokens.pop(0)
    while tokens and tokens[-1][2] in CONNECTORS:
        tokens.pop()
    if not tokens:
        return None
    new_start, new_end = start + tokens[0][0], start + tokens[-1][1]
    # Keep an initial's full stop ("J.") and a closing one of an abbreviation inside the span.
    if new_end < end and text[new_end] == "." and len(tokens[-1][2]) == 1:
        new_end += 1
    if new_end - new_start < 2:
        return None
    return new_start, new_end


# --- patterns -------------------------------------------------------------------------------------

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[a-zA-Z]{2,}(?![\w-])")
#: Dutch phone numbers: 0 / +31 / 0031 and nine more digits, with spaces, dashes, dots or brackets.
PHONE = re.compile(r"(?<![\w+])(?:(?:\+|00)31[ .\-]?(?:\(0\)[ .\-]?)?|\(?0)(?:[ .\-)]{0,2}\d){9}(?![\d])")
POSTCODE = re.compile(r"\b[1-9]\d{3} ?(?!SA|SD|SS)[A-Z]{2}\b")
STREET = re.compile(
    r"\b[A-Z][\w'’\-]*(?:straat|laan|weg|plein|gracht|kade|singel|dijk|pad|steeg|hof|dreef|park|markt|"
    r"wal|burg|veld|ring|baan|haven|erf|plantsoen)\s\d{1,5}(?:\s?[a-zA-Z](?![\w]))?(?:[ \-]\d{1,4}(?![\w]))?"
)
IBAN = re.compile(r"\b[A-Z]{2}\d{2}[ ]?[A-Z]{4}(?:[ ]?\d){10}\b")
NINE_DIGITS = re.compile(r"(?<![\d.,])\d{4}\.?\d{2}\.?\d{3}(?![\d.,]?\d)|(?<![\d.,])\d{9}(?![\d])")
_MONEY_BEFORE = re.compile(r"(?:€|eur|euro)\s*$", re.IGNORECASE)
_MONEY_AFTER = re.compile(r"^\s*(?:euro|eur\b|,-)", re.IGNORECASE)


def digits(value: str) -> str:
    """The digits of a phone number in national form ("+31 6 1234 5678" -> "0612345678")."""
    only = re.sub(r"\D", "", value)
    if only.startswith("0031"):
        only = "0" + only[4:]
    elif only.startswith("31") and value.strip().startswith("+"):
        only = "0" + only[2:]
    return only


def is_bsn(number: str) -> bool:
    """The eleven test ("elfproef") of a citizen service number."""
    only = re.sub(r"\D", "", number)
    if len(only) != 9 or only == "000000000":
        return False
    total = sum(int(d) * w for d, w in zip(only[:8], range(9, 1, -1), strict=True)) - int(only[8])
    return total % 11 == 0


def _is_money(text: str, start: int, end: int) -> bool:
    return bool(_MONEY_BEFORE.search(text[max(0, start - 6) : start]) or _MONEY_AFTER.match(text[end : end + 6]))


# --- phrase index ---------------------------------------------------------------------------------


@dataclass
class _Index:
    """Phrases as word tuples; ``find`` returns the longest phrase starting at each word."""

    phrases: dict[tuple[str, ...], object] = field(default_factory=dict)
    longest: int = 0

    def add(self, key: tuple[str, ...], value) -> None:
        if key:
            self.phrases.setdefault(key, value)
            self.longest = max(self.longest, len(key))

    def find(self, tokens: list[tuple[int, int, str]]):
        found = []
        if not self.phrases:
            return found
        keys = [t[2] for t in tokens]
        for i in range(len(tokens)):
            for length in range(min(self.longest, len(tokens) - i), 0, -1):
                value = self.phrases.get(tuple(keys[i : i + length]))
                if value is not None:
                    found.append((i, i + length, value))
                    break
        return found


def _name_tokens(raw: str) -> list[str]:
    """The words of a person's name without a role in brackets, titles or degrees."""
    raw = re.sub(r"\(.*?\)", " ", raw or "")
    tokens = [w for _s, _e, w in words(raw)]
    while tokens and tokens[0] in TITLES:
        tokens.pop(0)
    while tokens and tokens[-1] in TITLES:
        tokens.pop()
    return tokens


_FULL = "full"
_SURNAME = "surname"


def _person_keys(raw: str) -> list[tuple[tuple[str, ...], str]]:
    """The phrases a person's name is found by: the full name, the surname (with and without particles)."""
    tokens = _name_tokens(raw)
    if not tokens:
        return []
    if len(tokens) == 1:
        return [((tokens[0],), _SURNAME)] if len(tokens[0]) >= 3 and tokens[0] not in LEADING_NOISE else []
    keys = [(tuple(tokens), _FULL)]
    first_particle = next((i for i in range(1, len(tokens)) if tokens[i] in PARTICLES), None)
    if first_particle is not None:
        surname = tokens[first_particle:]
        core = [t for t in surname if t not in PARTICLES]
        keys.append((tuple(surname), _SURNAME))
        if core:
            keys.append((tuple(core), _SURNAME))
    else:
        keys.append(((tokens[-1],), _SURNAME))
    return [(k, kind) for k, kind in keys if not (kind == _SURNAME and len("".join(k)) < 3)]


_INITIALS_BEFORE = re.compile(r"(?:\b[A-Z]\.\s?){1,4}$")


class Engine:
    """Redacts texts against fixed lists (build one per run; ``redact`` is cheap)."""

    def __init__(self, lists: RedactionLists, *, use_deduce: bool = True):
        self.use_deduce = use_deduce
        self.vocabulary = {norm(w) for term in lists.vocabulary for _s, _e, w in words(term)}
        self.persons = _Index()
        for raw in lists.person_names:
            for key, kind in _person_keys(raw):
                self.persons.add(key, kind)
        self.emails = {e.strip().casefold() for e in lists.emails if e and e.strip()}
        self.phones = {d for d in (digits(p) for p in lists.phones if p) if len(d) >= 9}
        self.keep = _Index()
        for name in lists.organisations:
            self.keep.add(tuple(w for _s, _e, w in words(name)), True)
            self.vocabulary.update(w for _s, _e, w in words(name))
        self.undo = _Index()
        for term in lists.undo_terms:
            self.undo.add(tuple(w for _s, _e, w in words(term)), True)
        self.office = _Index()
        for name, role in lists.office_holders:
            self.office.add(tuple(_name_tokens(name)), norm(role or ""))
        self.added = _Index()
        for term, category in lists.add_terms:
            self.added.add(tuple(w for _s, _e, w in words(term)), category)

    # -- finders ---------------------------------------------------------------------------------

    def _from_deduce(self, text: str) -> list[tuple[int, int, str, str]]:
        found = []
        for tag, start, end in deduce_annotations(text):
            category = None
            if "persoon" in tag or "patient" in tag:
                trimmed = self._trim_person(text, start, end)
                if trimmed is None:
                    continue
                start, end = trimmed
                category = Category.NAME
            elif tag == "emailadres":
                category = Category.EMAIL
            elif tag == "telefoonnummer":
                category = Category.PHONE
            elif tag == "bsn":
                category = Category.BSN
            elif tag == "id":
                if _is_money(text, start, end):
                    continue
                category = Category.NUMBER
            elif tag == "locatie":
                # A place stays ("Utrecht"); an address has a house number or a postcode.
                if not re.search(r"\d", text[start:end]):
                    continue
                category = Category.ADDRESS
            if category is not None:
                found.append((start, end, category, Source.DEDUCE))
        return found

    def _trim_person(self, text: str, start: int, end: int) -> tuple[int, int] | None:
        tokens = words(text[start:end])
        for s, _e, w in tokens:  # cut where an organisation's name begins
            if w in ORGANISATION_WORDS and s > 0:
                end = start + s
                break
            if w in ORGANISATION_WORDS:
                return None
        return _trim(text, start, end, leading=LEADING_NOISE | LEADING_CONNECTORS)

    def _from_patterns(self, text: str) -> list[tuple[int, int, str, str]]:
        found = []
        for m in EMAIL.finditer(text):
            source = Source.KNOWN if m.group().casefold() in self.emails else Source.PATTERN
            found.append((m.start(), m.end(), Category.EMAIL, source))
        for m in PHONE.finditer(text):
            source = Source.KNOWN if digits(m.group()) in self.phones else Source.PATTERN
            found.append((m.start(), m.end(), Category.PHONE, source))
        for pattern in (POSTCODE, STREET):
            found.extend((m.start(), m.end(), Category.ADDRESS, Source.PATTERN) for m in pattern.finditer(text))
        found.extend((m.start(), m.end(), Category.NUMBER, Source.PATTERN) for m in IBAN.finditer(text))
        for m in NINE_DIGITS.finditer(text):
            if is_bsn(m.group()) and not _is_money(text, m.start(), m.end()):
                found.append((m.start(), m.end(), Category.BSN, Source.PATTERN))
        return found

    def _from_known(self, text: str, tokens) -> list[tuple[int, int, str, str]]:
        found = []
        for i, j, kind in self.persons.find(tokens):
            start, end = tokens[i][0], tokens[j - 1][1]
            if kind == _SURNAME:
                # The surname alone only when written as a name, and not a place's or organisation's word.
                last = text[tokens[j - 1][0] : end]
                if not last[:1].isupper() or (j - i == 1 and tokens[i][2] in self.vocabulary):
                    continue
                initials = _INITIALS_BEFORE.search(text[max(0, start - 12) : start])
                if initials:
                    start -= len(initials.group())
            found.append((start, end, Category.NAME, Source.KNOWN))
        return found

    def _keep_zones(self, text: str, tokens) -> list[tuple[int, int]]:
        zones = [(tokens[i][0], tokens[j - 1][1]) for i, j, _v in self.keep.find(tokens)]
        folded = norm(text)
        for i, j, role in self.office.find(tokens):
            start, end = tokens[i][0], tokens[j - 1][1]
            window = folded[max(0, start - ROLE_WINDOW) : end + ROLE_WINDOW]
            if role and re.search(rf"\b{re.escape(role)}\b", window):
                zones.append((start, end))
        return zones

    # -- the whole ------------------------------------------------------------------------------

    def review(self, text: str) -> tuple[list[Span], list[Span]]:
        """The spans redacted, and those the office's "undo" decisions kept (for the redaction report)."""
        if not text or not text.strip():
            return [], []
        tokens = words(text)
        candidates = self._from_patterns(text) + self._from_known(text, tokens)
        if self.use_deduce:
            candidates += self._from_deduce(text)
        zones = self._keep_zones(text, tokens)
        undo_zones = [(tokens[i][0], tokens[j - 1][1]) for i, j, _v in self.undo.find(tokens)]
        pieces, undone = [], []
        for start, end, category, source in candidates:
            for s, e in _subtract(text, start, end, zones):
                kept = _subtract(text, s, e, undo_zones)
                pieces.extend((ks, ke, category, source) for ks, ke in kept)
                if undo_zones and kept != [(s, e)]:
                    undone.extend(
                        (max(s, zs), min(e, ze), category, source) for zs, ze in undo_zones if zs < e and ze > s
                    )
        added = [
            (tokens[i][0], tokens[j - 1][1], category, Source.MANUAL) for i, j, category in self.added.find(tokens)
        ]
        return _merge(text, pieces + added), _merge(text, undone)

    def spans(self, text: str) -> list[Span]:
        return self.review(text)[0]

    def redact(self, text: str) -> Redacted:
        return apply(text or "", self.spans(text or ""))


def apply(text: str, spans: list[Span]) -> Redacted:
    """``text`` with each span replaced by its placeholder."""
    out, at = [], 0
    for span in spans:
        out.append(text[at : span.start])
        out.append(span.placeholder)
        at = span.end
    out.append(text[at:])
    return Redacted("".join(out), spans)


def _subtract(text: str, start: int, end: int, zones: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """``[start, end)`` without the kept zones; pieces trimmed to whole words (a kept zone may split it)."""
    overlapping = sorted(z for z in zones if z[0] < end and z[1] > start)
    if not overlapping:
        return [(start, end)]
    pieces, at = [], start
    for zs, ze in overlapping:
        if zs > at:
            pieces.append((at, zs))
        at = max(at, ze)
    if at < end:
        pieces.append((at, end))
    return [t for t in (_trim(text, s, e) for s, e in pieces) if t is not None]


def _strength(source: str) -> int:
    return SOURCE_ORDER.index(source) if source in SOURCE_ORDER else len(SOURCE_ORDER)


def _merge(text: str, pieces: list[tuple[int, int, str, str]]) -> list[Span]:
    """Overlapping spans become one; it takes the category and source of its strongest part."""
    merged: list[list] = []
    for start, end, category, source in sorted(pieces, key=lambda p: (p[0], -p[1])):
        if merged and start < merged[-1][1]:
            last = merged[-1]
            last[1] = max(last[1], end)
            if _strength(source) < _strength(last[3]):
                last[2], last[3] = category, source
        else:
            merged.append([start, end, category, source])
    spans = []
    for start, end, category, source in merged:
        rule = RULES[Category(category)]
        spans.append(
            Span(
                start,
                end,
                text[start:end],
                str(Category(category).value),
                rule.placeholder,
                rule.ground,
                str(Source(source).value),
            )
        )
    return spans
