"""Each plan's answers as plain text, which search results' excerpts are cut from (they were
gathered and stripped of markdown at every search, a third of a search page's time). Filled
here for the plans there are; nullable, so that SQLite adds it without rebuilding the table."""

from django.db import migrations, models

from plans.search import answer_text

BATCH = 500


def fill(apps, schema_editor):
    plans = apps.get_model("plans", "LearningPlan").objects
    ids = list(plans.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = list(
            plans.filter(pk__in=ids[start : start + BATCH]).prefetch_related(
                "learning_questions", "insights", "other_answers"
            )
        )
        for plan in batch:
            plan.answer_text = answer_text(
                plan,
                plan.learning_questions.all(),
                plan.insights.all(),
                plan.other_answers.all(),
            )
        plans.bulk_update(batch, ["answer_text"])


class Migration(migrations.Migration):
    dependencies = [("plans", "0021_latest_published")]

    operations = [
        migrations.AddField(
            model_name="learningplan",
            name="answer_text",
            field=models.TextField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
