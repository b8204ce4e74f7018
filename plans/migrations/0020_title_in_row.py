"""PostgreSQL: the plan's title kept in the row (storage MAIN), as its tag ids and rank vector are.

With the row's low `toast_tuple_target` (0012), a plan whose other in-row columns filled it had
its title moved to TOAST storage, so that sorting by it fetched the title from there at every
comparison: the listing's "newest" order (titles break the ties of a year and a publication
time, which a batch of publications shares) took 2.8 s over 20,000 plans, two million buffer
reads, where a title read once per plan takes a few tens of milliseconds.
"""

from django.db import migrations


def keep_in_row(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE plans_learningplan ALTER COLUMN title SET STORAGE MAIN")
    # A new value is stored by the new rule; the title itself is unchanged.
    schema_editor.execute("UPDATE plans_learningplan SET title = title || ''")


def let_out(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE plans_learningplan ALTER COLUMN title SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    dependencies = [("plans", "0019_published_version")]

    operations = [migrations.RunPython(keep_in_row, let_out)]
