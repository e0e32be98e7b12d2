"""E-mail backends for tests."""

from django.core.mail.backends.base import BaseEmailBackend


class UnreachableBackend(BaseEmailBackend):
    """An SMTP server that is down: every send fails as a refused connection would."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("the mail server is down")
