from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.generator import DEMO_PASSWORD, make_demo_accounts, make_demo_cycle, make_demo_plans
from labs.models import Cycle
from plans.models import LearningPlan


class Command(BaseCommand):
    help = (
        "Create invented learning plans and progress reports across all regions, so the portal "
        "has something to show. The same run always creates the same plans: all published "
        "except two drafts and one submitted. With --if-empty it does nothing when any plan "
        "exists, so it can run on every start. When there is no cycle at all, it opens one for "
        "this year, so that plans can be started."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when any learning plan exists already.",
        )
        parser.add_argument(
            "--count",
            type=int,
            default=48,
            help="How many plans and progress reports to create (default: 48).",
        )
        parser.add_argument(
            "--accounts",
            action="store_true",
            help=(
                "Also give an administrator, a reviewer and a focal point a known password, to "
                "try the portal (refused unless DJANGO_DEBUG is on)."
            ),
        )

    def handle(self, *args, if_empty, count, accounts, verbosity, **options):
        if count < 1:
            raise CommandError("--count must be at least 1.")
        if accounts and not settings.DEBUG:
            raise CommandError("--accounts sets a known password: only with DJANGO_DEBUG on.")
        if not Cycle.objects.exists():
            cycle = make_demo_cycle()
            if verbosity >= 1:
                self.stdout.write(f"Cycle {cycle.year} opened to plans and progress reports.")
        if if_empty and LearningPlan.objects.exists():
            if verbosity >= 1:
                self.stdout.write("Learning plans exist already: no demo plans created.")
        else:
            plans = make_demo_plans(count=count)
            self.stdout.write(self.style.SUCCESS(f"demo plans created={len(plans)}"))
        if accounts:
            self.stdout.write(
                f"Sign in at /accounts/sign-in/ with the password “{DEMO_PASSWORD}” as:"
            )
            for email, role in make_demo_accounts():
                self.stdout.write(f"  {email}  ({role})")
