"""The moved models' content types follow them from `plans` to `labs`, so that the permissions
granted on them (plans' add_lab, change_cycle, ...) and the admin's history keep holding.

On a new database there are none yet (they are made after migrating): nothing to do.
"""

from django.db import migrations

MOVED = ["lab", "membership", "cycle"]


def to_labs(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    present = set(
        ContentType.objects.using(db)
        .filter(app_label="labs", model__in=MOVED)
        .values_list("model", flat=True)
    )
    ContentType.objects.using(db).filter(app_label="plans", model__in=MOVED).exclude(
        model__in=present
    ).update(app_label="labs")


def to_plans(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    present = set(
        ContentType.objects.using(db)
        .filter(app_label="plans", model__in=MOVED)
        .values_list("model", flat=True)
    )
    ContentType.objects.using(db).filter(app_label="labs", model__in=MOVED).exclude(
        model__in=present
    ).update(app_label="plans")


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("labs", "0001_initial"),
    ]

    operations = [migrations.RunPython(to_labs, to_plans)]
