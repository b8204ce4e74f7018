"""The triggers that keep `PublishedGroup` and `PublishedVersion`. `PublishedGroup`: the
published plans counted by lab, year, kind and challenge type, and per stage and
partner-sector bit. Every INSERT, UPDATE and DELETE of a plan, whichever code issues it, moves
its counts in the same transaction; an UPDATE that leaves the counted columns as they were
touches nothing, so saving a draft takes no lock on the counts. `PublishedVersion`: a token
renewed whenever what the listing's index reads changes.

On SQLite, Django rebuilds a table to alter it (adding a field with a default, say), which drops
the table's triggers: a migration that alters plans_learningplan must run `create_triggers` again
after it (as 0018 does), and `create_version_triggers` too (which also has triggers on
plans_tag). The tests compare the counts with a fresh count of the plans, on both databases,
after writing through every path, and fail if the triggers are missing.
"""

TABLE = "plans_publishedgroup"
GROUP = ["lab_id", "year", "kind", "challenge_type"]
# Each counted bit: its column here, the plan's mask and the bit, in the masks' order (the
# values of LearningQuestion.Stage and of Sector).
STAGES = ["sense", "explore", "test", "grow"]
SECTORS = ["government", "private", "civil_society", "academia", "un", "international"]
SECTORS += ["media", "other"]
BITS = [(f"stage_{name}", "stage_mask", 1 << index) for index, name in enumerate(STAGES)]
BITS += [(f"sector_{name}", "sector_mask", 1 << index) for index, name in enumerate(SECTORS)]
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
    """Create the triggers, or leave them be where they are."""
    on_plans = "ON plans_learningplan"
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION plans_published_groups() RETURNS trigger LANGUAGE plpgsql "
            "AS $$ BEGIN "
            f"IF TG_OP <> 'INSERT' AND OLD.status = 'published' THEN {_remove('OLD')}; END IF; "
            f"IF TG_OP <> 'DELETE' AND NEW.status = 'published' THEN {_add('NEW')}; END IF; "
            "RETURN NULL; END $$"
        )
        schema_editor.execute(
            "CREATE OR REPLACE TRIGGER plans_published_groups_write AFTER INSERT OR DELETE "
            f"{on_plans} FOR EACH ROW EXECUTE FUNCTION plans_published_groups()"
        )
        schema_editor.execute(
            f"CREATE OR REPLACE TRIGGER plans_published_groups_change AFTER UPDATE {on_plans} "
            f"FOR EACH ROW WHEN ({CHANGED}) EXECUTE FUNCTION plans_published_groups()"
        )
        return
    schema_editor.execute(
        f"CREATE TRIGGER IF NOT EXISTS plans_published_groups_insert AFTER INSERT {on_plans} "
        f"WHEN NEW.status = 'published' BEGIN {_add('NEW', 'WHERE true')}; END"
    )
    schema_editor.execute(
        f"CREATE TRIGGER IF NOT EXISTS plans_published_groups_delete AFTER DELETE {on_plans} "
        f"WHEN OLD.status = 'published' BEGIN {_remove('OLD')}; END"
    )
    schema_editor.execute(
        f"CREATE TRIGGER IF NOT EXISTS plans_published_groups_update AFTER UPDATE {on_plans} "
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


def count_published(schema_editor):
    """Fill the counts from the published plans there are (the table empty), then keep them."""
    sums = ", ".join(f"SUM({_has('plan', m, b)})" for _, m, b in BITS)
    columns = ", ".join([*GROUP, "plans", *(column for column, _, _ in BITS)])
    schema_editor.execute(
        f"INSERT INTO {TABLE} ({columns}) SELECT {', '.join(GROUP)}, COUNT(*), {sums} "
        f"FROM plans_learningplan AS plan WHERE status = 'published' GROUP BY {', '.join(GROUP)}"
    )
    create_triggers(schema_editor)


# What the public listing's index reads of a published plan (`public.plan_index`) and of a term:
# a change to any of them, a plan published, unpublished or deleted, or a term deleted, gives
# `PublishedVersion` a new token. The index keeps its last searches' matches: what a search reads,
# all the plan says (`search_text`, from which the vectors are made), is among them.
INDEXED = [*COUNTED, "tag_ids", "title", "published_at", "search_text"]
INDEXED_OF_TAGS = ["vocabulary", "is_approved"]
VERSION = "plans_publishedversion"


def _version_triggers(differs: str) -> list[tuple[str, str, str]]:
    """Each trigger's name, its event and table, and its condition; `differs`: the database's
    operator for "not the same value", NULLs included."""

    def changed(columns):
        return " OR ".join(f"OLD.{column} {differs} NEW.{column}" for column in columns)

    published = "(OLD.status = 'published' OR NEW.status = 'published')"
    return [
        ("insert", "INSERT ON plans_learningplan", "NEW.status = 'published'"),
        ("delete", "DELETE ON plans_learningplan", "OLD.status = 'published'"),
        ("update", "UPDATE ON plans_learningplan", f"{published} AND ({changed(INDEXED)})"),
        ("tag_update", "UPDATE ON plans_tag", changed(INDEXED_OF_TAGS)),
        ("tag_delete", "DELETE ON plans_tag", "TRUE"),
    ]


def new_token(random):
    return (
        f"INSERT INTO {VERSION} (id, token) VALUES (1, {random}) "
        "ON CONFLICT (id) DO UPDATE SET token = excluded.token"
    )


def create_version_triggers(schema_editor):
    """Create the triggers that renew the token, or leave them be where they are."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION plans_published_version() RETURNS trigger "
            f"LANGUAGE plpgsql AS $$ BEGIN {new_token('md5(random()::text)')}; RETURN NULL; END $$"
        )
        for name, event, when in _version_triggers("IS DISTINCT FROM"):
            schema_editor.execute(
                f"CREATE OR REPLACE TRIGGER plans_published_version_{name} AFTER {event} "
                f"FOR EACH ROW WHEN ({when}) EXECUTE FUNCTION plans_published_version()"
            )
        return
    renew = f"BEGIN {new_token('lower(hex(randomblob(16)))')}; END"
    for name, event, when in _version_triggers("IS NOT"):
        schema_editor.execute(
            f"CREATE TRIGGER IF NOT EXISTS plans_published_version_{name} AFTER {event} "
            f"FOR EACH ROW WHEN {when} {renew}"
        )


def drop_version_triggers(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS plans_published_version() CASCADE")
        return
    for name, _, _ in _version_triggers(""):
        schema_editor.execute(f"DROP TRIGGER IF EXISTS plans_published_version_{name}")
