"""A published plan's new text renews the listing's index, which keeps its last searches'
matches: the trigger on plans compares `search_text` too (`published_groups.INDEXED`)."""

from django.db import migrations

from plans import published_groups


def renew(apps, schema_editor):
    # PostgreSQL replaces the trigger in place; SQLite keeps one that exists.
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS plans_published_version_update")
    published_groups.create_version_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [("plans", "0023_rank_vector_gin")]
    operations = [migrations.RunPython(renew, renew)]
