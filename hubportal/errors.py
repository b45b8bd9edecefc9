"""The one error type of the domain: a service refuses what a person asked for, with a message for them.

Services raise a `ServiceError` (or a subclass naming the case) with a translated message; views show the message
next to the form or as a page message, the admin as a message of its action. A bug stays an ordinary exception.
"""

from django.utils.functional import Promise


class ServiceError(Exception):
    """A refusal with a message in the reader's language (a lazy translation, rendered when shown)."""

    message: str | Promise = ""
    code: str = "refused"

    def __init__(self, message: str | Promise | None = None, *, code: str | None = None):
        if message is not None:
            self.message = message
        if code is not None:
            self.code = code
        super().__init__(str(self.message))

    def __str__(self) -> str:
        return str(self.message)
