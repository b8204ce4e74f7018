"""The small vector search ranks by (plans/search.py `_rank_vector`), filled for existing plans.

On PostgreSQL it is kept in the table row (storage MAIN): ranking reads it for every matching
plan, and fetching it from TOAST storage would cost what ranking the whole vector did.
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
        "ALTER TABLE plans_learningplan ALTER COLUMN rank_vector SET STORAGE MAIN"
    )
    config = " ".join(f"WHEN '{code}' THEN '{name}'" for code, name in CONFIGS.items())
    config = f"(CASE language {config} ELSE 'simple_unaccent' END)::regconfig"
    schema_editor.execute(
        "UPDATE plans_learningplan SET rank_vector = "
        f"setweight(to_tsvector({config}, title || ' ' || tweet_summary), 'A') || "
        f"setweight(to_tsvector({config}, challenge_statement), 'B')"
    )


class Migration(migrations.Migration):
    dependencies = [("plans", "0009_evidence_files")]

    operations = [
        migrations.AddField(
            model_name="learningplan",
            name="rank_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
