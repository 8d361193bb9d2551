"""Monitoring at national scale (``generate_scale_data``): the network dated in groups per hub, then the
snapshots of the last eight complete quarters of every hub (grouped queries: a fixed number per quarter)."""

from __future__ import annotations

import random
import time

from participatiehub.monitoring.models import SnapshotValue
from participatiehub.monitoring.periods import Quarter
from participatiehub.monitoring.services import snapshot_take

from .monitoring import QUARTERS, network_history

#: Groups per hub and model in which the scale network is dated (one UPDATE each).
BUCKETS = 12


class ScaleMonitoring:
    def __init__(self, *, seed: int = 2026):
        self.rng = random.Random(seed)

    def create(self) -> dict[str, float]:
        started = time.perf_counter()
        dated = network_history(self.rng, buckets=BUCKETS)
        network_seconds = time.perf_counter() - started
        taken = 0
        for quarter in Quarter.last_complete().back(QUARTERS):
            taken += snapshot_take(quarter)
        return {
            "dated": dated,
            "snapshots": taken,
            "quarters": QUARTERS,
            "values": SnapshotValue.objects.count(),
            "network_seconds": network_seconds,
            "seconds": time.perf_counter() - started,
        }
