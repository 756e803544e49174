"""SQLite: the search postings table becomes a WITHOUT ROWID table, clustered on its primary key.

A rowid table with a composite primary key keeps every posting twice (the table, and the
primary key's automatic index) and writes both. Clustered on (term, submitted_at, complaint) it
is stored once: the database file shrinks by about half and a filing writes half the pages.
Queries are unchanged (they read the primary key, now the table itself). PostgreSQL has no such
table kind; nothing changes there.

Note: Django rebuilds a SQLite table for some later schema changes (_remake_table) and would make
it a rowid table again; a later migration touching this table should repeat this step.
"""

from django.db import migrations

TABLE = "complaints_complaintsearchterm"


def cluster(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    execute = schema_editor.execute
    execute(
        f'CREATE TABLE "{TABLE}__clustered" ("term" varchar(2) NOT NULL, "submitted_at" datetime NOT NULL,'
        ' "complaint_id" bigint NOT NULL REFERENCES "complaints_complaint" ("id") DEFERRABLE INITIALLY DEFERRED,'
        ' PRIMARY KEY ("term", "submitted_at", "complaint_id")) WITHOUT ROWID'
    )
    execute(
        f'INSERT INTO "{TABLE}__clustered" ("term", "submitted_at", "complaint_id")'
        f' SELECT "term", "submitted_at", "complaint_id" FROM "{TABLE}" ORDER BY 1, 2, 3'
    )
    execute(f'DROP TABLE "{TABLE}"')
    execute(f'ALTER TABLE "{TABLE}__clustered" RENAME TO "{TABLE}"')


def uncluster(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    execute = schema_editor.execute
    execute(
        f'CREATE TABLE "{TABLE}__rowid" ("term" varchar(2) NOT NULL, "submitted_at" datetime NOT NULL,'
        ' "complaint_id" bigint NOT NULL REFERENCES "complaints_complaint" ("id") DEFERRABLE INITIALLY DEFERRED,'
        ' PRIMARY KEY ("term", "submitted_at", "complaint_id"))'
    )
    execute(f'INSERT INTO "{TABLE}__rowid" SELECT "term", "submitted_at", "complaint_id" FROM "{TABLE}"')
    execute(f'DROP TABLE "{TABLE}"')
    execute(f'ALTER TABLE "{TABLE}__rowid" RENAME TO "{TABLE}"')


class Migration(migrations.Migration):
    dependencies = [("complaints", "0004_office_indexes")]

    operations = [migrations.RunPython(cluster, uncluster, elidable=False)]
