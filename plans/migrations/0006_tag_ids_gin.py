"""PostgreSQL only: the GIN index that makes tag filters a bitmap index scan."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS plan_tag_ids_gin "
            "ON plans_learningplan USING gin (tag_ids jsonb_path_ops)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS plan_tag_ids_gin")


class Migration(migrations.Migration):
    dependencies = [("plans", "0005_plan_tag_ids")]
    operations = [migrations.RunPython(create, drop)]
