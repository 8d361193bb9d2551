"""Who may use the evaluator export (django-rules; found by ``AutodiscoverRulesConfig``).

Only evaluators: the export holds every hub's records (pseudonymised). The pseudonyms are made for the
person who asks, so everyone gets only their own exports (``selectors.export_for_user``).
"""

import rules

from participatiehub.accounts.rules import is_evaluator

rules.add_perm("evaluation.download_export", is_evaluator)
