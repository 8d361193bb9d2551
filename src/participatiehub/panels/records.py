"""What panels keep about a participant, for the resident side (``participants.registry``), which
cannot import panels. ``PanelsConfig.ready()`` registers it:

- a sign-up with a code of a batch that belongs to an open pool joins that pool;
- withdrawing the panel consent, or erasing the account, ends the person's pool memberships;
  erasure also clears the free-text notes of their allowances;
- "my data" and the coordinator's participant page show (and export) the pools, draws,
  engagements and allowances.
"""

from __future__ import annotations

from participatiehub.participants.constants import ConsentPurpose
from participatiehub.participants.registry import ParticipantRecords

from .constants import PoolStatus
from .models import Allowance, PoolMember


class PanelRecords(ParticipantRecords):
    mydata_template = "panels/_mydata_records.html"
    detail_template = "panels/_participant_records.html"

    def detail(self, participant) -> dict:
        return {
            "pool_memberships": list(participant.pool_memberships.select_related("pool").order_by("-joined_at")),
            "engagements": list(participant.engagements.select_related("trajectory", "activity")),
            "allowances": list(participant.allowances.all()),
            "selections": list(
                participant.selections.select_related("selection__pool").order_by("-selection__created_at")
            ),
        }

    def export(self, detail: dict) -> dict:
        return {
            "pools": [
                {"pool": m.pool.name, "joined_at": m.joined_at, "withdrawn_at": m.withdrawn_at}
                for m in detail["pool_memberships"]
            ],
            "selections": [
                {
                    "pool": s.selection.pool.name,
                    "date": s.selection.created_at,
                    "probability": s.probability,
                    "drawn": s.seated,
                    "pseudonym": s.pseudonym,
                }
                for s in detail["selections"]
            ],
            "engagements": [
                {
                    "invited_on": e.invited_on,
                    "took_part": e.took_part,
                    "trajectory": str(e.trajectory) if e.trajectory else "",
                    "activity": str(e.activity) if e.activity else "",
                }
                for e in detail["engagements"]
            ],
            "allowances": [
                {"paid_on": a.paid_on, "amount": a.amount, "kind": str(a.get_kind_display()), "note": a.note}
                for a in detail["allowances"]
            ],
        }

    def signed_up(self, participant, batch) -> None:
        if batch.pool_id and batch.pool.status == PoolStatus.OPEN:
            PoolMember.objects.create(pool=batch.pool, participant=participant)

    def consent_withdrawn(self, participant, purpose: str, now) -> None:
        if purpose == ConsentPurpose.PANEL:
            participant.pool_memberships.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)

    def erased(self, participant, now) -> None:
        participant.pool_memberships.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        Allowance.objects.filter(participant=participant).exclude(note="").update(note="")
