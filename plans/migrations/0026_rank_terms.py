"""Plans' rank terms (see `PlanRankTerm`): on PostgreSQL, what each word of a plan's rank vector
adds to its rank, computed by `plan_rank_term_score` and filled in for the plans there are.

The function is `ts_rank`'s term score (`calc_rank_or` in PostgreSQL's tsrank.c) for one word's
positions and weights, in the same single-precision steps, so that ranks summed from the terms
equal `ts_rank`'s to the last bit: the default weights (D 0.1, C 0.2, B 0.4, A 1.0), each
position's weight over its place squared, the highest weight counted once more in place of its
own share, all over π²/6. On SQLite, which does not rank, the table stays empty."""

import django.db.models.deletion
from django.db import migrations, models

SCORE = """
CREATE OR REPLACE FUNCTION plan_rank_term_score(positions smallint[], weights text[])
RETURNS double precision LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    total real := 0;
    highest real := -1;
    highest_place integer := 1;
    weight real;
BEGIN
    IF coalesce(cardinality(positions), 0) = 0 THEN  -- a word without positions: one, weight D
        positions := ARRAY[0];
        weights := ARRAY['D'];
    END IF;
    FOR place IN 1 .. cardinality(positions) LOOP
        weight := CASE weights[place]
            WHEN 'A' THEN 1.0::real WHEN 'B' THEN 0.4::real WHEN 'C' THEN 0.2::real
            ELSE 0.1::real END;
        total := total + weight / (place * place)::real;
        IF weight > highest THEN
            highest := weight;
            highest_place := place;
        END IF;
    END LOOP;
    RETURN ((highest + total) - highest / (highest_place * highest_place)::real)::double precision
        / 1.64493406685::double precision;
END $$
"""


def fill(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(SCORE)
    schema_editor.execute(
        "INSERT INTO plans_planrankterm (plan_id, lexeme, score) "
        "SELECT plan.id, term.lexeme, plan_rank_term_score(term.positions, term.weights) "
        "FROM plans_learningplan AS plan, unnest(plan.rank_vector) AS term"
    )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS plan_rank_term_score(smallint[], text[])")


class Migration(migrations.Migration):
    dependencies = [("plans", "0025_search_vectors_apart")]

    operations = [
        migrations.CreateModel(
            name="PlanRankTerm",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "plan",
                        "lexeme",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("lexeme", models.TextField()),
                ("score", models.FloatField()),
                (
                    "plan",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="rank_terms",
                        to="plans.learningplan",
                    ),
                ),
            ],
            options={
                "verbose_name": "rank term",
                "verbose_name_plural": "rank terms",
                "indexes": [
                    models.Index(
                        fields=["lexeme", "plan"], include=("score",), name="plan_rank_term_word"
                    )
                ],
            },
        ),
        migrations.RunPython(fill, drop),
    ]
