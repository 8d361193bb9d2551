from allauth.account.adapter import DefaultAccountAdapter

from participatiehub.core.ratelimit import client_ip


class AccountAdapter(DefaultAccountAdapter):
    """Staff are invited by an admin; open sign-up stays closed."""

    def is_open_for_signup(self, request) -> bool:
        return False

    def get_client_ip(self, request) -> str:
        """allauth's rate limits count per address: the same address the rest of the site uses."""
        return client_ip(request)
