"""PostgreSQL only: trigram indexes on the fields the admin searches proposals by (reference, title,
summary, partners), on the expression the admin's case-insensitive search compares
(UPPER(column::text) LIKE UPPER('%word%')), so that a search reads the few matching proposals
instead of scanning all of them. Nothing happens on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

FIELDS = ["reference", "title", "summary", "partners"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for field in FIELDS:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS fund_proposal_{field}_trgm ON fund_proposal "
                f'USING gin ((UPPER("{field}"::text)) gin_trgm_ops)'
            )
        # The planner's statistics on the indexed expressions (its estimate of a search's rows).
        schema_editor.execute("ANALYZE fund_proposal")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for field in FIELDS:
            schema_editor.execute(f"DROP INDEX IF EXISTS fund_proposal_{field}_trgm")


class Migration(migrations.Migration):
    dependencies = [("fund", "0004_staff_indexes")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
