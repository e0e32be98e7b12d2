"""Who renews the public page cache: the services and admin pages that change public content call
`public_content_changed()` inside their transaction; the cached pages, library facet counts and fund
charts start afresh once it commits (nothing happens for a rolled-back change). Private writes (a
profile view, a saved search's digest bookkeeping, a draft edited by its mission) never call it."""

from django.db import transaction

from . import page_cache


def public_content_changed() -> None:
    """Public content changed in the current transaction: renew the page cache after the commit."""
    transaction.on_commit(page_cache.new_generation)
