"""PostgreSQL: organisations' names indexed by trigrams, for searches by part of a name (the
partner directory's and the API's `name__icontains`, which Django writes as UPPER(name) LIKE
UPPER('%…%')): at 100,000 plans such a search read all 190,000 names, 41 ms; by the index it
takes well under a millisecond. Words of one or two letters still read them all. pg_trgm ships
with PostgreSQL and, since version 13, the owner of a database may enable it."""

from django.db import migrations

INDEX = "partner_name_trigram"


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON partners_partnerorganisation "
        "USING gin (UPPER(name::text) gin_trgm_ops)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("partners", "0005_published_version_triggers")]

    operations = [migrations.RunPython(create, drop)]
