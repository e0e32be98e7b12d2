"""The roster's service errors: ServiceError subclasses, which views turn into messages."""

from clearinghouse.errors import ServiceError


class RosterError(ServiceError):
    """A rule of the roster forbids what was asked; the message says which, and nothing was changed."""
