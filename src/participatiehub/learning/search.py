"""Dutch words and stems for the lesson search, and the snippet shown with a result (ADR 0008).

PostgreSQL stems with its ``dutch`` text-search configuration (Snowball). Every other database reads the
stems this module stores with the lesson, made by the same Snowball algorithm (``snowballstemmer``), so
"ervaringsdeskundigen" finds a lesson that says "ervaringsdeskundige" on both. The snippet is made here
too, on every database, from the lesson's own text: the template escapes it and marks the matching words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

#: Letters, digits and the hyphen inside a word; everything else separates words.
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*", re.UNICODE)

#: Dutch words that say nothing about a lesson's subject: left out of the stems and the query (PostgreSQL's
#: ``dutch`` configuration leaves out its own, similar list).
STOPWORDS = frozenset(
    """
    aan al alle alles als altijd andere ben bij daar dan dat de der deze die dit doch doen door dus een
    eens en er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is
    ja je kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder
    ons ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat we wel werd
    wezen wie wij wil worden wordt zal ze zelf zich zij zijn zo zonder zou
    """.split()
)

#: Words around the first match in a snippet.
SNIPPET_WORDS = 28


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("dutch")


def words(text: str) -> list[str]:
    """The words of ``text``, lower case; a hyphenated word also gives its parts ("zorg-regio")."""
    found = []
    for word in _WORD.findall((text or "").lower()):
        found.append(word)
        if "-" in word:
            found.extend(word.split("-"))
    return found


def stems(text: str) -> list[str]:
    """The Dutch stems of the words of ``text`` that are not stop words, in order."""
    stemmer = _stemmer()
    return [stemmer.stemWord(word) for word in words(text) if word not in STOPWORDS]


def stem_column(*texts: str) -> str:
    """Stored stems: each distinct stem once, between spaces (so " stem " matches whole stems only)."""
    seen = dict.fromkeys(stem for text in texts for stem in stems(text))
    return f" {' '.join(seen)} " if seen else ""


def query_stems(query: str) -> list[str]:
    """The distinct stems a query asks for (all must occur), without stop words."""
    return list(dict.fromkeys(stems(query)))


@dataclass(frozen=True)
class Piece:
    text: str
    match: bool


def snippet(texts: list[str], query: str) -> list[Piece]:
    """A short piece of the first text that holds a word of ``query``, with those words marked.

    Falls back to the start of the first non-empty text. The pieces are plain text: the template
    escapes them and wraps the matches in ``<mark>``."""
    wanted = set(query_stems(query))
    stemmer = _stemmer()
    texts = [t for t in texts if t and t.strip()]
    if not texts:
        return []
    for text in texts if wanted else []:
        tokens = list(_WORD.finditer(text))
        hits = [i for i, m in enumerate(tokens) if stemmer.stemWord(m.group().lower()) in wanted]
        if hits:
            start = max(0, hits[0] - SNIPPET_WORDS // 3)
            end = min(len(tokens), start + SNIPPET_WORDS)
            return _pieces(text, tokens[start:end], wanted, lead=start > 0, tail=end < len(tokens))
    tokens = list(_WORD.finditer(texts[0]))
    return _pieces(texts[0], tokens[:SNIPPET_WORDS], set(), lead=False, tail=len(tokens) > SNIPPET_WORDS)


def _pieces(text: str, tokens: list, wanted: set[str], *, lead: bool, tail: bool) -> list[Piece]:
    if not tokens:
        return [Piece(text[:200], False)]
    stemmer = _stemmer()
    pieces: list[Piece] = [Piece("… ", False)] if lead else []
    position = tokens[0].start()
    for token in tokens:
        if token.start() > position:
            pieces.append(Piece(text[position : token.start()], False))
        pieces.append(Piece(token.group(), bool(wanted) and stemmer.stemWord(token.group().lower()) in wanted))
        position = token.end()
    pieces.append(Piece(" …" if tail else text[position:], False))
    # Neighbouring plain pieces become one.
    merged: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        if merged and not piece.match and not merged[-1].match:
            merged[-1] = Piece(merged[-1].text + piece.text, False)
        else:
            merged.append(piece)
    return merged
