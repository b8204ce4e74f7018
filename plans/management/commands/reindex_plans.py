from django.core.management.base import BaseCommand

from plans.models import LearningPlan
from plans.writing import writing

BATCH = 500


class Command(BaseCommand):
    help = (
        "Rewrite what derives from every plan (search text and vectors, stage and sector bits, "
        "tag ids and counts) through the one write path. Run it once after an upgrade that "
        "changes how plans are indexed; answers are not changed, so no revision is added."
    )

    def handle(self, *args, verbosity, **options):
        ids = list(LearningPlan.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), BATCH):
            plans = LearningPlan.objects.filter(pk__in=ids[start : start + BATCH])
            with writing(*plans, reason="admin"):
                pass
        if verbosity >= 1:
            self.stdout.write(f"reindexed={len(ids)}")
