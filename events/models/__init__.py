"""Models of the events pillar: events and their log; registrations, their log and feedback."""

from .events import Event, EventLog
from .registrations import Feedback, Registration, RegistrationLog

__all__ = ["Event", "EventLog", "Feedback", "Registration", "RegistrationLog"]
