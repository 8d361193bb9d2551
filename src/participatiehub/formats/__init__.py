"""Date formats, decided once (FORMAT_MODULE_PATH): every page and e-mail writes "7 december 2026".

Templates use ``|date`` (the date) or ``|date:"DATETIME_FORMAT"`` (date and time), never a format
of their own, so lists and detail pages read the same.
"""
