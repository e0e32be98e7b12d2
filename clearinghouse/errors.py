"""The one error base class of the portal's services.

Services raise a `ServiceError` (or a subclass) when a rule forbids what was asked; the message says
which rule, in words a user understands, and nothing was changed. Views turn it into a form error or
a message (`clearinghouse.errors.message_for`), never into a 500.
"""

from django.core.exceptions import PermissionDenied


class ServiceError(Exception):
    """A rule forbids what was asked; the message says which, and nothing was changed."""

    def __init__(self, message="", *, field=None):
        super().__init__(message)
        self.message = str(message)
        self.field = field

    def __str__(self):
        return self.message


class TransitionNotAllowed(ServiceError):
    """The workflow table has no such move, or the user may not make it, or a required note is missing."""


class NotPermitted(ServiceError, PermissionDenied):
    """The user may not do this (a permission predicate said no). Also a PermissionDenied, so a view
    that lets it through answers 403, never 500."""
