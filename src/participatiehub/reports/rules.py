"""Who may ask for, read, review and download programme reports: the programme office only.

The internal files hold the texts as the hubs wrote them (names included); the public files are not yet
published while the office reviews them. Neither is for any other role.
"""

import rules

from participatiehub.accounts.rules import is_programme_office

rules.add_perm("reports.manage", is_programme_office)
