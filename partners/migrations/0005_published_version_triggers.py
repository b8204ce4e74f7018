"""The partner directory's index is renewed with the published plans' token when a published
plan's partners change or an organisation is renamed (see `partners.triggers`)."""

from django.db import migrations

from partners import triggers


def create(apps, schema_editor):
    triggers.create_triggers(schema_editor)


def drop(apps, schema_editor):
    triggers.drop_triggers(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0004_ordered_by_plan_id"),
        ("plans", "0021_latest_published"),
    ]

    operations = [migrations.RunPython(create, drop)]
