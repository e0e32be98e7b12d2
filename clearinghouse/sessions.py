"""Sessions in the database, as Django stores them, except when the database cannot be reached.

Django's database session store reports any database error while saving an existing session as
"the session was deleted" (400 Bad Request). When the database is merely unreachable (restarting,
failing over) the request instead fails as the outage it is: the 503 page with Retry-After, so
browsers and clients know that trying again is right.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import InterfaceError, OperationalError


class SessionStore(db.SessionStore):
    def save(self, must_create=False):
        try:
            super().save(must_create=must_create)
        except UpdateError as exc:
            if isinstance(exc.__context__, (OperationalError, InterfaceError)):
                raise exc.__context__ from None
            raise
