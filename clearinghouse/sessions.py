"""Sessions in the database, as Django stores them, except when the database cannot be reached, and
without a write on every request.

Django's database session store reports any database error while saving an existing session as
"the session was deleted" (400 Bad Request). When the database is merely unreachable (restarting,
failing over) the request instead fails as the outage it is: the 503 page with Retry-After, so
browsers and clients know that trying again is right.

Sessions end after SESSION_COOKIE_AGE without activity (SESSION_SAVE_EVERY_REQUEST renews the
expiry on each request). An unchanged session whose stored expiry was renewed less than
RENEW_AT_MOST_EVERY seconds ago is not written again: a signed-in page costs no write (three
round trips: BEGIN, UPDATE, COMMIT) on most requests, and a session still ends at most that
many seconds earlier than the full age after the last request, never later.
"""

import datetime

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import InterfaceError, OperationalError
from django.utils import timezone

RENEW_AT_MOST_EVERY = 60  # seconds


class SessionStore(db.SessionStore):
    _stored_expiry = None  # the expiry of the row this session was read from

    def _get_session_from_db(self):
        stored = super()._get_session_from_db()
        self._stored_expiry = stored.expire_date if stored is not None else None
        return stored

    def _renewed_lately(self) -> bool:
        if self._stored_expiry is None or self.session_key is None:
            return False
        untouched = datetime.timedelta(seconds=self.get_expiry_age() - RENEW_AT_MOST_EVERY)
        return self._stored_expiry - timezone.now() > untouched

    def save(self, must_create=False):
        if not must_create and not self.modified and self._renewed_lately():
            return
        try:
            super().save(must_create=must_create)
        except UpdateError as exc:
            if isinstance(exc.__context__, (OperationalError, InterfaceError)):
                raise exc.__context__ from None
            raise
