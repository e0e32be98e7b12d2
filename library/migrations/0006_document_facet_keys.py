"""PostgreSQL only: `library_document.facet_keys`, the ids of a document's lists as text keys
(`theme:<id>`, `country:<id>`, `region:<id>` for a region named directly or through one of its
countries, `publisher:<id>`), so that the catalogue counts every facet of a search in one pass over
the matching rows (library.catalogue), without a join per list.

The column is not a model field: the database keeps it, with triggers on the link tables (every
way of writing them: the ORM's add/set/remove/clear, bulk_create, the import's INSERT ... SELECT,
deletes that cascade) and on the countries (a country moving to another region), so it cannot go
stale whatever writes the links. A writer of many links at once (the import, the benchmark data)
may defer the refresh to the end of its block, one UPDATE per document instead of one per list
(library.models.facet_keys_refreshed_once). The document's own columns (kind, language, year, edition_of) are
read as they are, not copied. Ids, not slugs: renaming or re-slugging a theme changes no key.

SQLite has no such column; the catalogue counts each facet with its own query there."""

from django.db import migrations

# The keys of every document, or of `ids` only, from the link tables; one set-based query.
LINK_KEYS = """
SELECT document_id, array_agg(DISTINCT key ORDER BY key) AS keys FROM (
    SELECT document_id, 'theme:' || theme_id AS key FROM library_document_themes {where}
    UNION ALL
    SELECT document_id, 'country:' || country_id FROM library_document_countries {where}
    UNION ALL
    SELECT document_id, 'region:' || region_id FROM library_document_regions {where}
    UNION ALL
    SELECT dc.document_id, 'region:' || c.region_id
    FROM library_document_countries dc JOIN clearinghouse_country c ON c.id = dc.country_id {where_dc}
    UNION ALL
    SELECT document_id, 'publisher:' || organisation_id FROM library_document_publishers {where}
) AS links
GROUP BY document_id
"""

FORWARD = [
    "ALTER TABLE library_document ADD COLUMN IF NOT EXISTS facet_keys text[] NOT NULL DEFAULT '{}'",
    # Existing documents: one UPDATE (no per-row work in Python), fast at a million rows.
    "UPDATE library_document d SET facet_keys = k.keys FROM ("
    + LINK_KEYS.format(where="", where_dc="")
    + ") AS k WHERE d.id = k.document_id",
    # The keys of these documents afresh. The rows are locked first, so the lists are read (in a
    # new snapshot) after any concurrent change of the same documents has committed.
    """
CREATE OR REPLACE FUNCTION library_document_facet_keys_refresh(ids bigint[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM 1 FROM library_document WHERE id = ANY(ids) ORDER BY id FOR UPDATE;
    UPDATE library_document d SET facet_keys = COALESCE(k.keys, '{}')
    FROM unnest(ids) AS t(id)
    LEFT JOIN ("""
    + LINK_KEYS.format(where="WHERE document_id = ANY(ids)", where_dc="WHERE dc.document_id = ANY(ids)")
    + """) AS k ON k.document_id = t.id
    WHERE d.id = t.id AND d.facet_keys IS DISTINCT FROM COALESCE(k.keys, '{}');
END
$$
""",
    """
CREATE OR REPLACE FUNCTION library_document_links_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF current_setting('library.facet_keys', true) = 'deferred' THEN
        RETURN NULL;  -- the writer refreshes the keys itself (library.models.facet_keys_refreshed_once)
    ELSIF TG_OP = 'INSERT' THEN
        PERFORM library_document_facet_keys_refresh(ARRAY(SELECT DISTINCT document_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM library_document_facet_keys_refresh(ARRAY(SELECT DISTINCT document_id FROM old_rows));
    ELSE
        PERFORM library_document_facet_keys_refresh(ARRAY(
            SELECT document_id FROM old_rows UNION SELECT document_id FROM new_rows
        ));
    END IF;
    RETURN NULL;
END
$$
""",
    """
CREATE OR REPLACE FUNCTION library_country_region_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    PERFORM library_document_facet_keys_refresh(ARRAY(
        SELECT DISTINCT dc.document_id
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        JOIN library_document_countries dc ON dc.country_id = n.id
        WHERE o.region_id IS DISTINCT FROM n.region_id
    ));
    RETURN NULL;
END
$$
""",
]

LINK_TABLES = [
    "library_document_themes",
    "library_document_countries",
    "library_document_regions",
    "library_document_publishers",
]
TRANSITIONS = {
    "insert": "REFERENCING NEW TABLE AS new_rows",
    "delete": "REFERENCING OLD TABLE AS old_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
}
for _table in LINK_TABLES:
    for _event, _referencing in TRANSITIONS.items():
        FORWARD.append(
            f"CREATE TRIGGER {_table}_facet_{_event} AFTER {_event.upper()} ON {_table} {_referencing} "
            "FOR EACH STATEMENT EXECUTE FUNCTION library_document_links_changed()"
        )
FORWARD.append(
    "CREATE TRIGGER library_country_region_facet AFTER UPDATE ON clearinghouse_country "
    f"{TRANSITIONS['update']} FOR EACH STATEMENT EXECUTE FUNCTION library_country_region_changed()"
)

BACKWARD = [
    "DROP TRIGGER IF EXISTS library_country_region_facet ON clearinghouse_country",
    *[
        f"DROP TRIGGER IF EXISTS {table}_facet_{event} ON {table}"
        for table in LINK_TABLES
        for event in TRANSITIONS
    ],
    "DROP FUNCTION IF EXISTS library_country_region_changed()",
    "DROP FUNCTION IF EXISTS library_document_links_changed()",
    "DROP FUNCTION IF EXISTS library_document_facet_keys_refresh(bigint[])",
    "ALTER TABLE library_document DROP COLUMN IF EXISTS facet_keys",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in FORWARD:
            schema_editor.execute(sql)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for sql in BACKWARD:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("clearinghouse", "0008_importjob"),
        ("library", "0005_collection_updated"),
    ]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
