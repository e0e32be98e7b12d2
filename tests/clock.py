"""The clock every test runs on: frozen (ticking from a fixed instant) by tests/conftest.py, so that no test
depends on the day it runs. Fixtures build their dates from `timezone.localdate()`, which is this day
unless a test moves the clock (`time_machine.move_to(...)`), and then they follow it.

CI also runs the fund, roster and library suites under faketime (2027-01-04 09:30 and 2031-02-28 23:50):
anything that read a clock time-machine does not control would show there.
"""

from datetime import UTC, date, datetime

# A Wednesday in the middle of 2026's fourth quarter, mid-morning UTC.
FROZEN_NOW = datetime(2026, 11, 18, 10, 0, tzinfo=UTC)


def quarter(day: date) -> tuple[date, date]:
    """The first and last day of the calendar quarter holding `day`."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    opens = date(day.year, first_month, 1)
    closes = date(day.year + 1, 1, 1) if first_month == 10 else date(day.year, first_month + 3, 1)
    return opens, date.fromordinal(closes.toordinal() - 1)
