"""Who may see and change the redaction's keep list and decisions: the programme office only."""

import rules

from participatiehub.accounts.rules import is_programme_office

rules.add_perm("redaction.manage", is_programme_office)
