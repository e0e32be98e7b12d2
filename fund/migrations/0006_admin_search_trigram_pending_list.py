"""PostgreSQL only: the admin search's trigram indexes (0005) keep a short list of pending entries
(256 kB instead of the server's 4 MB). Until the list is merged into the index (by a vacuum, or
when it is full), every search reads it whole: after a few thousand changed proposals (one status
change each) the four lists held some 1,100 pages, and a search's count went from 2 ms to 40-80 ms
(the planner gave up the indexes for a scan of the table). With 256 kB a search reads at most some
130 pages more (5 ms), and a bulk change still merges its entries in batches: 6,380 status changes
took 4.9 s, against 2.4 s with 4 MB and 34 s with no list at all (fastupdate off). Nothing happens
on SQLite."""

from django.db import migrations

INDEXES = [f"fund_proposal_{field}_trgm" for field in ("reference", "title", "summary", "partners")]


def pending_list(limit_kb: int | None):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for index in INDEXES:
            if limit_kb is None:
                schema_editor.execute(f"ALTER INDEX IF EXISTS {index} RESET (gin_pending_list_limit)")
            else:
                schema_editor.execute(
                    f"ALTER INDEX IF EXISTS {index} SET (gin_pending_list_limit = {int(limit_kb)})"
                )

    return run


class Migration(migrations.Migration):
    dependencies = [("fund", "0005_admin_search_trigram")]

    operations = [migrations.RunPython(pending_list(256), pending_list(None), elidable=False)]
