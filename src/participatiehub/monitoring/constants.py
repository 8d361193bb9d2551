"""Monitoring constants: the data version of the snapshots and the codes the computations use."""

from __future__ import annotations

#: Data version of everything that shows snapshots (ADR 0004): ``snapshot_take`` and
#: ``snapshot_correct`` bump it; cached dashboards and public figures follow it.
SNAPSHOTS_VERSION = "monitoring-snapshots"

#: Prefixes of the seeded self-reported indicators' codes (``scan_vision``, ``experience_heard``).
SCAN_PREFIX = "scan_"
QUESTIONNAIRE_PREFIX = "experience_"

#: Decimal places of the stored figures: percentages, medians and scores get one, euros two.
ONE_DECIMAL = "0.1"
CENTS = "0.01"

#: How many months of questionnaire answers a quarter's figure counts (the 12 months ending with it).
QUESTIONNAIRE_MONTHS = 12
