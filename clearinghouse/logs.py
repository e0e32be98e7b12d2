"""Log formatting: every line starts with its time in UTC (ISO 8601, with a Z), whatever the server's
local zone, so that sign-ins and denials from several app servers line up."""

import logging
import time


class UTCFormatter(logging.Formatter):
    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"
