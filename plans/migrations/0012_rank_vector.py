"""The small vector search ranks by (plans/search.py `_rank_vector`), filled for existing plans,
and on PostgreSQL narrow table rows.

A plan row held its long answers inline, up to 2 kB of them, so that counting the facets of the
20,000 plans a broad search matches read hundreds of megabytes, more than PostgreSQL's default
shared buffers. With a low `toast_tuple_target` the long answers move out of the row, and the
listing, its facets and search read a much narrower table. What they read for every matching
plan stays in the row (storage MAIN): its tag ids and its rank vector.

Scanning the narrow table whole looks cheap to the planner, which does not count the cost of
fetching every plan's search vector from TOAST storage to match it: for a search matching a
fifth of the plans it did so, 10 times slower than reading the GIN index. The GIN index is the
faster way whatever share of the plans a search matches, so the search vector keeps no
statistics: a search is then estimated to match few plans and always uses the index.
"""

import django.contrib.postgres.search
from django.db import migrations

CONFIGS = {
    "en": "english_unaccent",
    "fr": "french_unaccent",
    "es": "spanish_unaccent",
    "pt": "portuguese_unaccent",
}


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE plans_learningplan SET (toast_tuple_target = 512), "
        "ALTER COLUMN tag_ids SET STORAGE MAIN, ALTER COLUMN rank_vector SET STORAGE MAIN"
    )
    # Changing the column to its own type drops the statistics already gathered.
    schema_editor.execute(
        "ALTER TABLE plans_learningplan ALTER COLUMN search_vector SET STATISTICS 0, "
        "ALTER COLUMN search_vector TYPE tsvector"
    )
    # Rewriting every row also gives the existing plans the new layout.
    config = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in CONFIGS.items())
    config = f"(CASE language {config} ELSE 'simple_unaccent' END)::regconfig"
    schema_editor.execute(
        "UPDATE plans_learningplan SET rank_vector = "
        f"setweight(to_tsvector({config}, title || ' ' || tweet_summary), 'A') || "
        f"setweight(to_tsvector({config}, challenge_statement), 'B')"
    )


def widen(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE plans_learningplan RESET (toast_tuple_target), "
            "ALTER COLUMN search_vector SET STATISTICS -1"
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0011_proposed_tags")]

    operations = [
        migrations.AddField(
            model_name="learningplan",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill, widen),
    ]
