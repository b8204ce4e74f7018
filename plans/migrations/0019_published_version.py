"""A token renewed by triggers whenever what the public listing reads of the published plans
changes (see `plans.published_groups.create_version_triggers`)."""

import secrets

from django.db import migrations, models

from plans import published_groups


def start(apps, schema_editor):
    apps.get_model("plans", "PublishedVersion").objects.create(pk=1, token=secrets.token_hex(16))
    published_groups.create_version_triggers(schema_editor)


def stop(apps, schema_editor):
    published_groups.drop_version_triggers(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0018_rendered_answers"),
    ]

    operations = [
        migrations.CreateModel(
            name="PublishedVersion",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("token", models.CharField(max_length=32)),
            ],
            options={
                "verbose_name": "version of the published plans",
                "verbose_name_plural": "versions of the published plans",
            },
        ),
        migrations.RunPython(start, stop),
    ]
