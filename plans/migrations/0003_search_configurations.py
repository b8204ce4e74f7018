"""PostgreSQL only: accent-insensitive text search configurations and the GIN index of plans'
search vectors. On SQLite (which searches without them) this migration does nothing."""

from django.db import migrations

LANGUAGES = ["english", "french", "spanish", "portuguese", "simple"]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    for language in LANGUAGES:
        name = f"{language}_unaccent"
        dictionary = "simple" if language == "simple" else f"{language}_stem"
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}")
        schema_editor.execute(f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = {language})")
        schema_editor.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {name} "
            f"ALTER MAPPING FOR hword, hword_part, word WITH unaccent, {dictionary}"
        )
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS plan_search_vector_gin "
        "ON plans_learningplan USING gin (search_vector)"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS plan_search_vector_gin")
    for language in LANGUAGES:
        schema_editor.execute(f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {language}_unaccent")


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_search")]
    operations = [migrations.RunPython(create, drop)]
