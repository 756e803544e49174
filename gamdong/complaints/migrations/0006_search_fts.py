"""Korean word search: the postings table (~107 rows a complaint) and the search documents give
way to one ComplaintSearchEntry per complaint, indexed per database (gamdong.complaints.search):

- SQLite: the entry table keyed by an INTEGER PRIMARY KEY (the rowid itself), and an FTS5 table
  over its tokens (external content, ascii tokenizer, detail=none) kept in step by triggers;
- PostgreSQL: the tokens are a tsvector with a GIN index.

The entries of existing complaints are made here, by the same rules as the search module's
(search_terms is pure: no model, no settings). Going back recreates the old tables empty:
`gamdong reindex_complaints` of that version fills them.
"""

import math

import django.db.models.deletion
from django.db import migrations, models

import gamdong.complaints.models
from gamdong.complaints.search_terms import normalise, normalised_terms

ENTRY = "complaints_complaintsearchentry"
FTS = "complaints_search_fts"
GIN = "complaints_search_tokens_gin"
BATCH = 5_000


def create(apps, schema_editor):
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        execute(
            f'CREATE TABLE "{ENTRY}" ("key" bigint NOT NULL PRIMARY KEY, "complaint_id" bigint NOT NULL UNIQUE'
            ' REFERENCES "complaints_complaint" ("id") DEFERRABLE INITIALLY DEFERRED,'
            ' "department_id" bigint NOT NULL, "tokens" tsvector NOT NULL)'
        )
    else:
        execute(
            f'CREATE TABLE "{ENTRY}" ("key" integer NOT NULL PRIMARY KEY, "complaint_id" bigint NOT NULL UNIQUE'
            ' REFERENCES "complaints_complaint" ("id") DEFERRABLE INITIALLY DEFERRED,'
            ' "department_id" bigint NOT NULL, "tokens" text NOT NULL)'
        )
        execute(
            f"CREATE VIRTUAL TABLE \"{FTS}\" USING fts5(tokens, content='{ENTRY}', content_rowid='key',"
            " detail=none, columnsize=0, tokenize='ascii')"
        )
        execute(f'CREATE TRIGGER "{FTS}_ai" AFTER INSERT ON "{ENTRY}" BEGIN'
                f' INSERT INTO "{FTS}" (rowid, tokens) VALUES (new."key", new."tokens"); END')
        execute(f'CREATE TRIGGER "{FTS}_ad" AFTER DELETE ON "{ENTRY}" BEGIN'
                f' INSERT INTO "{FTS}" ("{FTS}", rowid, tokens) VALUES (\'delete\', old."key", old."tokens"); END')
        execute(f'CREATE TRIGGER "{FTS}_au" AFTER UPDATE ON "{ENTRY}" BEGIN'
                f' INSERT INTO "{FTS}" ("{FTS}", rowid, tokens) VALUES (\'delete\', old."key", old."tokens");'
                f' INSERT INTO "{FTS}" (rowid, tokens) VALUES (new."key", new."tokens"); END')
    fill(schema_editor)
    if schema_editor.connection.vendor == "postgresql":
        execute("SET CONSTRAINTS ALL IMMEDIATE")  # the rows' deferred foreign-key checks, now
        execute(f'CREATE INDEX "{GIN}" ON "{ENTRY}" USING gin ("tokens")')
        execute(f'ANALYZE "{ENTRY}"')


def fill(schema_editor):
    """An entry for every existing complaint (search.search_key, search.entry_tokens)."""
    connection = schema_editor.connection
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as read:
        read.execute('SELECT "id", "submitted_at", "department_id", "title", "body", "receipt_number"'
                     ' FROM "complaints_complaint" ORDER BY "id"')
        while True:
            batch = read.fetchmany(BATCH)
            if not batch:
                return
            rows = []
            for pk, submitted_at, department_id, title, body, receipt in batch:
                if isinstance(submitted_at, str):  # a cursor without Django's converters
                    from django.utils.dateparse import parse_datetime

                    submitted_at = parse_datetime(submitted_at)
                if submitted_at.tzinfo is None:
                    import datetime as dt

                    submitted_at = submitted_at.replace(tzinfo=dt.UTC)
                text = normalise(f"{title} {body} {receipt}")
                tokens = " ".join([*normalised_terms(text), f"dep{department_id}"])
                rows.append(((math.floor(submitted_at.timestamp()) << 31) | pk, pk, department_id, tokens))
            with connection.cursor() as write:
                if postgres:
                    with write.cursor.copy(f'COPY "{ENTRY}" (key, complaint_id, department_id, tokens) FROM STDIN') as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
                    write.executemany(f'INSERT INTO "{ENTRY}" (key, complaint_id, department_id, tokens)'
                                      " VALUES (%s, %s, %s, %s)", rows)


def drop_old(apps, schema_editor):
    schema_editor.execute('DROP TABLE "complaints_complaintsearchterm"')
    schema_editor.execute('DROP TABLE "complaints_complaintsearchdocument"')


def drop_new(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        schema_editor.execute(f'DROP TABLE "{FTS}"')  # its triggers go with the entry table
    schema_editor.execute(f'DROP TABLE "{ENTRY}"')


def recreate_old(apps, schema_editor):
    """The tables of 0003/0005, empty."""
    execute = schema_editor.execute
    if schema_editor.connection.vendor == "postgresql":
        execute('CREATE TABLE "complaints_complaintsearchdocument" ("complaint_id" bigint NOT NULL PRIMARY KEY'
                ' REFERENCES "complaints_complaint" ("id") DEFERRABLE INITIALLY DEFERRED, "text" text NOT NULL)')
        execute('CREATE TABLE "complaints_complaintsearchterm" ("term" varchar(2) NOT NULL, "submitted_at"'
                ' timestamp with time zone NOT NULL, "complaint_id" bigint NOT NULL REFERENCES "complaints_complaint"'
                ' ("id") DEFERRABLE INITIALLY DEFERRED, PRIMARY KEY ("term", "submitted_at", "complaint_id"))')
    else:
        execute('CREATE TABLE "complaints_complaintsearchdocument" ("complaint_id" bigint NOT NULL PRIMARY KEY'
                ' REFERENCES "complaints_complaint" ("id") DEFERRABLE INITIALLY DEFERRED, "text" text NOT NULL)')
        execute('CREATE TABLE "complaints_complaintsearchterm" ("term" varchar(2) NOT NULL, "submitted_at" datetime'
                ' NOT NULL, "complaint_id" bigint NOT NULL REFERENCES "complaints_complaint" ("id") DEFERRABLE'
                ' INITIALLY DEFERRED, PRIMARY KEY ("term", "submitted_at", "complaint_id")) WITHOUT ROWID')


class Migration(migrations.Migration):
    dependencies = [
        ("complaints", "0005_perf_search_term_without_rowid"),
        ("org", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="ComplaintSearchDocument"),
                migrations.DeleteModel(name="ComplaintSearchTerm"),
                migrations.CreateModel(
                    name="ComplaintSearchEntry",
                    fields=[
                        ("key", models.BigIntegerField(primary_key=True, serialize=False, verbose_name="검색 순서")),
                        ("tokens", gamdong.complaints.models.SearchTokensField(verbose_name="검색 토큰")),
                        ("complaint", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE,
                                                           related_name="search_entry", to="complaints.complaint")),
                        ("department", models.ForeignKey(db_constraint=False, db_index=False,
                                                         on_delete=django.db.models.deletion.DO_NOTHING,
                                                         related_name="+", to="org.department")),
                    ],
                    options={"verbose_name": "민원 검색 색인", "verbose_name_plural": "민원 검색 색인"},
                ),
            ],
            database_operations=[
                migrations.RunPython(drop_old, recreate_old, elidable=False),
                migrations.RunPython(create, drop_new, elidable=False),
            ],
        ),
    ]
