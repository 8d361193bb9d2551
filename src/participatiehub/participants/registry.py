"""What other apps keep about a participant, and what they do when the resident acts (dependency inversion).

The resident side must not import the apps that use its participants (``panels``: pools, selections,
engagements, allowances), yet a sign-up through a batch may join a pool, "my data" shows and exports
everything held about the person, and withdrawing consent or erasing the account must reach those
records too. Such an app subclasses ``ParticipantRecords`` and registers one instance in its
``AppConfig.ready()``; the resident services and pages call every registered one, in the order of
registration, inside their own transaction.
"""

from __future__ import annotations

_registered: list[ParticipantRecords] = []


class ParticipantRecords:
    """Records another app keeps about participants. Every method is optional (does nothing by default)."""

    #: Template included in "my data", with ``data`` (``export_data``) in its context.
    mydata_template: str = ""
    #: Template included on the coordinator's participant page, with the ``detail()`` keys in its context.
    detail_template: str = ""

    def detail(self, participant) -> dict:
        """The records as model objects, for the coordinator's page and for ``export``."""
        return {}

    def export(self, detail: dict) -> dict:
        """Sections of "my data" (also the JSON and CSV download) as plain values, from ``detail()``."""
        return {}

    def signed_up(self, participant, batch) -> None:
        """The participant signed up with a code of ``batch``."""

    def consent_withdrawn(self, participant, purpose: str, now) -> None:
        """The participant withdrew the consent for ``purpose``."""

    def erased(self, participant, now) -> None:
        """The participant's identity is being erased: remove or anonymise what identifies them."""


def register(records: ParticipantRecords) -> None:
    """Register once per app (a second registration of the same class replaces the first)."""
    _registered[:] = [r for r in _registered if type(r) is not type(records)]
    _registered.append(records)


def registered() -> tuple[ParticipantRecords, ...]:
    return tuple(_registered)
