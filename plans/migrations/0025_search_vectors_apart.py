"""Plans' search vectors move to a narrow table of their own (see `PlanSearchVector`), with the
GIN index the search reads. On SQLite, where there are no vectors, the column just goes."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

TABLE = "plans_plansearchvector"


def move_out(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # Every vector in TOAST storage, however short: the rows the search reads stay narrow. No
    # statistics, as on the plans (migration 0012): the GIN index is the faster way to match
    # whatever share of the plans a search matches.
    schema_editor.execute(
        f"ALTER TABLE {TABLE} SET (toast_tuple_target = 128), "
        "ALTER COLUMN vector SET STATISTICS 0"
    )
    schema_editor.execute(
        f"INSERT INTO {TABLE} (plan_id, vector) SELECT id, search_vector "
        "FROM plans_learningplan WHERE search_vector IS NOT NULL"
    )
    schema_editor.execute("DROP INDEX IF EXISTS plan_search_vector_gin")
    schema_editor.execute(f"CREATE INDEX plan_search_vector_gin ON {TABLE} USING gin (vector)")


def move_back(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        f"UPDATE plans_learningplan SET search_vector = vector FROM {TABLE} "
        f"WHERE {TABLE}.plan_id = plans_learningplan.id"
    )
    schema_editor.execute("DROP INDEX IF EXISTS plan_search_vector_gin")
    schema_editor.execute(
        "CREATE INDEX plan_search_vector_gin ON plans_learningplan USING gin (search_vector)"
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0024_searched_text_renews_the_index")]

    operations = [
        migrations.CreateModel(
            name="PlanSearchVector",
            fields=[
                (
                    "plan",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="search_vector",
                        serialize=False,
                        to="plans.learningplan",
                    ),
                ),
                ("vector", django.contrib.postgres.search.SearchVectorField()),
            ],
            options={"verbose_name": "search vector", "verbose_name_plural": "search vectors"},
        ),
        migrations.RunPython(move_out, move_back),
        migrations.RemoveField(model_name="learningplan", name="search_vector"),
    ]
