"""Pseudonyms of the evaluator export (ADR 0007).

A pseudonym is ``<PREFIX>-`` plus 16 base32 characters (80 bits) of
``HMAC-SHA256(recipient key, "<kind>:<stable id>")``, where the recipient key is
``HMAC-SHA256(PH_PSEUDONYM_KEY, "recipient:<user id>")``. So:

- the same record gets the same pseudonym in every export to the same recipient;
- two recipients get unrelated pseudonyms for the same record (their files cannot be joined);
- ``SECRET_KEY`` plays no part (rotating it changes nothing here); a new ``PH_PSEUDONYM_KEY`` gives
  every record a new pseudonym, and the export's scope code (``scope``) changes with it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: Kind of record → the prefix of its pseudonyms. Persons: ``participant`` (a resident) and ``user``
#: (an account: decision-makers, coordinators). The others are records, pseudonymised too, so that the
#: export cannot be joined to another recipient's export by their ids.
PREFIXES = {
    "participant": "DLN",
    "user": "GBR",
    "contact": "CTP",
    "question": "VRG",
    "trajectory": "TRJ",
    "activity": "ACT",
    "advice": "ADV",
    "recommendation": "ABV",
    "feedback": "TKP",
    "pool": "POL",
    "grant": "SUB",
    "lesson": "LES",
}


def pseudonym_key() -> bytes:
    key = settings.PH_PSEUDONYM_KEY
    if not key:
        raise ImproperlyConfigured("PH_PSEUDONYM_KEY is not set: the evaluator export cannot make pseudonyms.")
    return key.encode()


def _mac(key: bytes, message: str) -> bytes:
    return hmac.new(key, message.encode(), hashlib.sha256).digest()


class Pseudonymiser:
    """The pseudonyms of one recipient (the user the export is made for)."""

    def __init__(self, recipient_id: int, *, key: bytes | None = None):
        self._key = _mac(key if key is not None else pseudonym_key(), f"recipient:{recipient_id}")
        self._cache: dict[tuple[str, str], str] = {}

    def __call__(self, kind: str, identity: int | str | None) -> str:
        """The pseudonym of record ``identity`` (its primary key, or for hubs the slug) of ``kind``."""
        if identity is None or identity == "":
            return ""
        key = (kind, str(identity))
        found = self._cache.get(key)
        if found is None:
            digest = _mac(self._key, f"{kind}:{identity}")
            code = base64.b32encode(digest).decode()[:16]
            found = self._cache[key] = f"{PREFIXES[kind]}-{code}"
        return found

    @property
    def scope(self) -> str:
        """A short code of this recipient's pseudonyms: it changes exactly when the pseudonyms change
        (another recipient, or a new PH_PSEUDONYM_KEY). It reveals nothing of the key."""
        return base64.b32encode(_mac(self._key, "scope")).decode()[:8]
