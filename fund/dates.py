"""Working-day arithmetic for the urgent track."""

from datetime import date, timedelta

from django.conf import settings


def add_working_days(start: date, days: int) -> date:
    """The date `days` working days (Monday to Friday) after `start`."""
    current = start
    remaining = days
    while remaining > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days from `start` (exclusive) to `end` (inclusive); negative when `end` is earlier."""
    if end == start:
        return 0
    sign = 1 if end > start else -1
    low, high = (start, end) if sign > 0 else (end, start)
    count = sum(1 for n in range(1, (high - low).days + 1) if (low + timedelta(days=n)).weekday() < 5)
    return sign * count


def urgent_decision_days() -> int:
    return int(getattr(settings, "FUND_URGENT_DECISION_WORKING_DAYS", 5))
