"""The admin's expert list: an index its consent version filter reads the values through and, on
PostgreSQL only, trigram indexes on the fields it searches (full name, e-mail, code, organisation),
on the expression the admin's case-insensitive search compares (UPPER(column::text) LIKE
UPPER('%word%')). Besides finding a rare name without a scan, the indexes give the planner
statistics on those expressions: without them it expects one row from any search and sorts the
whole table instead of reading the name-order index. Nothing happens on SQLite."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations, models

FIELDS = ["full_name", "email", "code", "organisation_name"]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for field in FIELDS:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS roster_expert_{field}_trgm ON roster_expert "
                f'USING gin ((UPPER("{field}"::text)) gin_trgm_ops)'
            )
        schema_editor.execute("ANALYZE roster_expert")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for field in FIELDS:
            schema_editor.execute(f"DROP INDEX IF EXISTS roster_expert_{field}_trgm")


class Migration(migrations.Migration):
    dependencies = [("roster", "0006_staff_indexes")]

    operations = [
        migrations.AddIndex(
            model_name="expert",
            index=models.Index(fields=["consent_version"], name="roster_expert_consent_version"),
        ),
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
