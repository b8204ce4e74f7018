"""Each plan's goal numbers (its SDG terms), which its result card shows: read with the plan,
where the cards' goals took a query of their own. Filled here for the plans there are; nullable,
so that SQLite adds it without rebuilding the table."""

from django.db import migrations, models

BATCH = 500


def fill(apps, schema_editor):
    LearningPlan = apps.get_model("plans", "LearningPlan")
    links = LearningPlan.tags.through.objects.filter(
        tag__vocabulary="sdg", tag__number__isnull=False
    )
    goals = {}
    for plan, number in links.values_list("learningplan_id", "tag__number"):
        goals.setdefault(plan, []).append(number)
    plans_by_goals = {}
    for plan, numbers in goals.items():
        plans_by_goals.setdefault(tuple(sorted(numbers)), []).append(plan)
    LearningPlan.objects.update(goal_numbers=[])
    for numbers, plans in plans_by_goals.items():
        for start in range(0, len(plans), BATCH):
            batch = plans[start : start + BATCH]
            LearningPlan.objects.filter(pk__in=batch).update(goal_numbers=list(numbers))


class Migration(migrations.Migration):
    dependencies = [("plans", "0026_rank_terms")]

    operations = [
        migrations.AddField(
            model_name="learningplan",
            name="goal_numbers",
            field=models.JSONField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
