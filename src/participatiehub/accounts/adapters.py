from allauth.account.adapter import DefaultAccountAdapter


class AccountAdapter(DefaultAccountAdapter):
    """Staff are invited by an admin; open sign-up stays closed."""

    def is_open_for_signup(self, request) -> bool:
        return False
