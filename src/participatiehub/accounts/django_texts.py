"""Django's own texts that our Dutch catalogue must translate, so that ``makemessages`` keeps them.

Django 5.2's password-length message uses ``%d`` while Django's Dutch catalogue still has the older
``%(min_length)d`` form, so staff setting a password saw it in English. Listed here (never called)
with exactly Django's msgid; ``tests/accounts/test_accounts.py`` checks the page is Dutch.
"""

from django.utils.translation import ngettext


def _texts(n: int) -> tuple[str, ...]:  # pragma: no cover - read by makemessages only
    return (
        ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            n,
        ),
    )
