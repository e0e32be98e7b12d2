from .roster_matching import measure  # noqa: F401
