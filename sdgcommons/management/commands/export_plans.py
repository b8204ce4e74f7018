from pathlib import Path

from django.core.management.base import BaseCommand

from plans.models import LearningPlan
from sdgcommons.exporters import export_plan


class Command(BaseCommand):
    help = (
        "Write every plan (or those of --status) into DIR, one markdown file per plan named "
        "after its slug, in the SDG Commons export format with its questionnaire's prompts."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Folder to write into (created if missing).")
        parser.add_argument("--status", choices=LearningPlan.Status.values)

    def handle(self, *args, directory, status, verbosity, **options):
        target = Path(directory)
        target.mkdir(parents=True, exist_ok=True)
        plans = LearningPlan.objects.order_by("pk")
        if status:
            plans = plans.filter(status=status)
        count = 0
        for plan in plans.with_answers().iterator(chunk_size=200):
            (target / f"{plan.slug}.md").write_text(export_plan(plan), encoding="utf-8")
            count += 1
        self.stdout.write(self.style.SUCCESS(f"exported={count} to {target}"))
