"""PostgreSQL only: pg_trgm, a GIN index on the stored search vector and a trigram index on the
suggestion words. Nothing happens on SQLite (which uses the simple word search)."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations

INDEXES = [
    "CREATE INDEX IF NOT EXISTS library_document_search_gin ON library_document USING gin (search_vector)",
    "CREATE INDEX IF NOT EXISTS library_searchterm_word_trgm ON library_searchterm "
    "USING gin (word gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS library_document_search_gin",
    "DROP INDEX IF EXISTS library_searchterm_word_trgm",
]


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in INDEXES:
            schema_editor.execute(sql)


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("library", "0001_initial")]

    operations = [
        TrigramExtension(),
        migrations.RunPython(create_indexes, drop_indexes, elidable=False),
    ]
