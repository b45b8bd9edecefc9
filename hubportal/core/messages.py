"""Flash messages that never start a session (and so never set a cookie) for an anonymous visitor."""

from django.contrib.messages.storage.session import SessionStorage


class SignedInSessionStorage(SessionStorage):
    """Messages live in the session, but only in one that exists already or belongs to a signed-in user.

    A visitor without a session (a guest confirming or cancelling an event registration, someone who
    just logged out) gets no session cookie for a message: the page they land on shows the outcome
    itself. The privacy notice promises the session cookie only after signing in or up.
    """

    def _may_store(self) -> bool:
        user = getattr(self.request, "user", None)
        return bool(user is not None and user.is_authenticated) or not self.request.session.is_empty()

    def _store(self, messages, response, *args, **kwargs):
        if messages and not self._may_store():
            return []  # dropped: storing them would create a session for an anonymous visitor
        return super()._store(messages, response, *args, **kwargs)
