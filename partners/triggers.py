"""Triggers that renew the published plans' token (`plans.published_groups`) when what the
partner directory's index reads changes: a partnership of a published plan written (its plan,
organisation, sector or new-and-unusual flag), or an organisation renamed (the directory sorts
by name). A draft's partners renew nothing, as a draft's other answers do not.

On SQLite, Django rebuilds a table to alter it and the rebuild drops its triggers: a migration
that alters `partners_partnership` or `partners_partnerorganisation` must run
`create_triggers` again after it (`tests/partners/test_directory.py` fails if it does not).
"""

from plans.published_groups import new_token

READ = ["plan_id", "organisation_id", "sector", "is_new_and_unusual"]
PLANS = "plans_learningplan"


def _triggers(differs: str) -> list[tuple[str, str, str]]:
    """Each trigger's name, its event and table, and its condition (but for the plan's
    publication, which PostgreSQL checks in the function: a WHEN there takes no subquery)."""
    changed = " OR ".join(f"OLD.{column} {differs} NEW.{column}" for column in READ)
    return [
        ("insert", "INSERT ON partners_partnership", "TRUE"),
        ("delete", "DELETE ON partners_partnership", "TRUE"),
        ("update", "UPDATE ON partners_partnership", changed),
        ("rename", "UPDATE ON partners_partnerorganisation", f"OLD.name {differs} NEW.name"),
    ]


def _published(plan_ids: str) -> str:
    return f"EXISTS (SELECT 1 FROM {PLANS} WHERE id IN ({plan_ids}) AND status = 'published')"


def create_triggers(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        # OLD is NULL on INSERT, NEW on DELETE. A renamed organisation renews the token as
        # the plans' own triggers do (`plans_published_version`).
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION partners_published_version() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN IF {_published('OLD.plan_id, NEW.plan_id')} THEN "
            f"{new_token('md5(random()::text)')}; END IF; RETURN NULL; END $$"
        )
        for name, event, when in _triggers("IS DISTINCT FROM"):
            function = "plans" if name == "rename" else "partners"
            schema_editor.execute(
                f"CREATE OR REPLACE TRIGGER partners_published_version_{name} AFTER {event} "
                f"FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION {function}_published_version()"
            )
        return
    renew = f"BEGIN {new_token('lower(hex(randomblob(16)))')}; END"
    rows = {"insert": "NEW.plan_id", "delete": "OLD.plan_id", "update": "OLD.plan_id, NEW.plan_id"}
    for name, event, when in _triggers("IS NOT"):
        if name in rows:
            when = f"({when}) AND {_published(rows[name])}"
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS partners_published_version_{name} AFTER {event} "
            f"FOR EACH ROW WHEN {when} {renew}"
        )


def drop_triggers(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS partners_published_version() CASCADE")
        schema_editor.execute(
            "DROP TRIGGER IF EXISTS partners_published_version_rename "
            "ON partners_partnerorganisation"
        )
        return
    for name, _, _ in _triggers(""):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS partners_published_version_{name}")
