"""Each plan's answers rendered as HTML. On SQLite, adding the column rebuilds the plans table,
which drops the triggers that keep `PublishedGroup`: they are created again."""

from django.db import migrations, models

from plans import published_groups


def keep_counting(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        published_groups.create_triggers(schema_editor)


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0017_published_groups'),
    ]

    # After the rebuild, whichever way this migration runs.
    operations = [
        migrations.RunPython(migrations.RunPython.noop, keep_counting),
        migrations.AddField(
            model_name='learningplan',
            name='rendered',
            field=models.JSONField(default=dict, editable=False),
        ),
        migrations.RunPython(keep_counting, migrations.RunPython.noop),
    ]
