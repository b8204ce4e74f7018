"""PostgreSQL only: a GIN index of the published plans' rank vectors, which finds the few
matches of a search that rank above 0 (`plans.search.ranked`) without reading every match's."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS plan_rank_vector_gin ON plans_learningplan "
            "USING gin (rank_vector) WHERE status = 'published'"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS plan_rank_vector_gin")


class Migration(migrations.Migration):
    dependencies = [("plans", "0022_answer_text")]
    operations = [migrations.RunPython(create, drop)]
