"""The published plans counted by lab, year, kind and challenge type (and per stage and partner
sector bit), kept by triggers on the plans table: every INSERT, UPDATE and DELETE of a plan,
whichever code issues it, moves its counts in the same transaction. An UPDATE that leaves the
counted columns as they were touches nothing, so saving a draft takes no lock on the counts.

On SQLite, Django rebuilds a table to alter it, which drops its triggers: a later migration that
alters plans_learningplan must create them again (`create_triggers`, below). The tests compare
these counts with a fresh count of the plans, on both databases, after writing through every path.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models



TABLE = "plans_publishedgroup"
GROUP = ["lab_id", "year", "kind", "challenge_type"]
BITS = [
    (f"stage_{name}", "stage_mask", 1 << index)
    for index, name in enumerate(["sense", "explore", "test", "grow"])
] + [
    (f"sector_{name}", "sector_mask", 1 << index)
    for index, name in enumerate(
        ["government", "private", "civil_society", "academia", "un", "international", "media", "other"]
    )
]
COUNTED = ["status", *GROUP, "stage_mask", "sector_mask"]


def _has(row, mask, bit):
    return f"CASE WHEN {row}.{mask} & {bit} > 0 THEN 1 ELSE 0 END"


def _add(row, where=""):
    """Count the plan `row` (NEW) in its group: an upsert."""
    columns = ", ".join([*GROUP, "plans", *(column for column, _, _ in BITS)])
    values = ", ".join(
        [*(f"{row}.{column}" for column in GROUP), "1", *(_has(row, m, b) for _, m, b in BITS)]
    )
    sums = ", ".join(
        [f"plans = {TABLE}.plans + 1", *(f"{c} = {TABLE}.{c} + excluded.{c}" for c, _, _ in BITS)]
    )
    return (
        f"INSERT INTO {TABLE} ({columns}) SELECT {values} {where} "
        f"ON CONFLICT ({', '.join(GROUP)}) DO UPDATE SET {sums}"
    )


def _remove(row, where=""):
    """Count the plan `row` (OLD) out of its group."""
    sums = ", ".join(["plans = plans - 1", *(f"{c} = {c} - {_has(row, m, b)}" for c, m, b in BITS)])
    match = " AND ".join(f"{column} = {row}.{column}" for column in GROUP)
    return f"UPDATE {TABLE} SET {sums} WHERE {match} {where}"


CHANGED = " OR ".join(f"OLD.{column} <> NEW.{column}" for column in COUNTED)


def create_triggers(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION plans_published_groups() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' AND OLD.status = 'published' THEN {_remove('OLD')}; END IF; "
            f"IF TG_OP <> 'DELETE' AND NEW.status = 'published' THEN {_add('NEW')}; END IF; "
            "RETURN NULL; END $$"
        )
        schema_editor.execute(
            "CREATE TRIGGER plans_published_groups_write AFTER INSERT OR DELETE "
            "ON plans_learningplan FOR EACH ROW EXECUTE FUNCTION plans_published_groups()"
        )
        schema_editor.execute(
            "CREATE TRIGGER plans_published_groups_change AFTER UPDATE ON plans_learningplan "
            f"FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION plans_published_groups()"
        )
        return
    schema_editor.execute(
        "CREATE TRIGGER plans_published_groups_insert AFTER INSERT ON plans_learningplan "
        f"WHEN NEW.status = 'published' BEGIN {_add('NEW', 'WHERE true')}; END"
    )
    schema_editor.execute(
        "CREATE TRIGGER plans_published_groups_delete AFTER DELETE ON plans_learningplan "
        f"WHEN OLD.status = 'published' BEGIN {_remove('OLD')}; END"
    )
    schema_editor.execute(
        "CREATE TRIGGER plans_published_groups_update AFTER UPDATE ON plans_learningplan "
        f"WHEN {CHANGED} BEGIN "
        f"{_remove('OLD', "AND OLD.status = 'published'")}; "
        f"{_add('NEW', "WHERE NEW.status = 'published'")}; END"
    )


def drop_triggers(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS plans_published_groups() CASCADE")
        return
    for event in ["insert", "delete", "update"]:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS plans_published_groups_{event}")


def count_published(apps, schema_editor):
    sums = ", ".join(f"SUM({_has('plan', m, b)})" for _, m, b in BITS)
    columns = ", ".join([*GROUP, "plans", *(column for column, _, _ in BITS)])
    schema_editor.execute(
        f"INSERT INTO {TABLE} ({columns}) SELECT {', '.join(GROUP)}, COUNT(*), {sums} "
        f"FROM plans_learningplan AS plan WHERE status = 'published' GROUP BY {', '.join(GROUP)}"
    )
    create_triggers(schema_editor)


def uncount(apps, schema_editor):
    drop_triggers(schema_editor)



class Migration(migrations.Migration):

    dependencies = [
        ('labs', '0003_verbose_names'),
        ('plans', '0016_parts_ordered_by_plan_id'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='PublishedGroup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('year', models.PositiveSmallIntegerField()),
                ('kind', models.CharField(max_length=10)),
                ('challenge_type', models.CharField(max_length=12)),
                ('plans', models.IntegerField(default=0)),
                ('stage_sense', models.IntegerField(default=0)),
                ('stage_explore', models.IntegerField(default=0)),
                ('stage_test', models.IntegerField(default=0)),
                ('stage_grow', models.IntegerField(default=0)),
                ('sector_government', models.IntegerField(default=0)),
                ('sector_private', models.IntegerField(default=0)),
                ('sector_civil_society', models.IntegerField(default=0)),
                ('sector_academia', models.IntegerField(default=0)),
                ('sector_un', models.IntegerField(default=0)),
                ('sector_international', models.IntegerField(default=0)),
                ('sector_media', models.IntegerField(default=0)),
                ('sector_other', models.IntegerField(default=0)),
            ],
            options={
                'verbose_name': 'group of published plans',
                'verbose_name_plural': 'groups of published plans',
            },
        ),
        migrations.AddIndex(
            model_name='tag',
            index=models.Index(fields=['vocabulary', '-published_count'], name='tag_published_count_idx'),
        ),
        migrations.AddField(
            model_name='publishedgroup',
            name='lab',
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='labs.lab'),
        ),
        migrations.AddConstraint(
            model_name='publishedgroup',
            constraint=models.UniqueConstraint(fields=('lab', 'year', 'kind', 'challenge_type'), name='published_group_unique'),
        ),
        migrations.RunPython(count_published, uncount),
    ]
