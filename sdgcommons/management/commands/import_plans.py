import time

from django.core.management.base import BaseCommand, CommandError

from plans.models import LearningPlan
from sdgcommons.importers import FAILED, Importer, find_documents, link_progress_reports


class Command(BaseCommand):
    help = (
        "Import learning plans and progress reports exported from the SDG Commons platform "
        "(markdown files with [[key:value]] metadata). Give files or folders. Each document is "
        "written whole or not at all; running it again over the same files changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", help="Files or folders to import.")
        parser.add_argument(
            "--status",
            choices=LearningPlan.Status.values,
            default=LearningPlan.Status.PUBLISHED,
            help="Status of newly imported plans (default: published, as they are public).",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help=(
                "Let an update remove answers, partners, questions or insights that the stored "
                "plan has (refused otherwise: a damaged or truncated file would erase them)."
            ),
        )
        parser.add_argument(
            "--create-labs",
            action="store_true",
            help=(
                "Create a lab for a [[country:…]] that is neither a country of the network nor "
                "an existing lab (refused otherwise, with the closest names)."
            ),
        )

    def handle(self, *args, paths, status, replace, create_labs, verbosity, **options):
        documents = find_documents(paths)
        if not documents:
            raise CommandError("No files found in " + ", ".join(paths))
        importer = Importer(status=status, replace=replace, create_labs=create_labs)
        counts = {"created": 0, "updated": 0, "unchanged": 0, "failed": 0}
        started = time.perf_counter()
        for number, result in enumerate(importer.import_files(documents), 1):
            counts[result.outcome] += 1
            if result.outcome == FAILED:
                self.stderr.write(f"failed: {result}")
            elif verbosity >= 2:
                self.stdout.write(str(result))
            if verbosity >= 1 and (number % 100 == 0) and number < len(documents):
                self.stdout.write(f"… {number}/{len(documents)} documents")
        linked = link_progress_reports()
        elapsed = time.perf_counter() - started
        if verbosity >= 1:
            rate = len(documents) / elapsed if elapsed else 0
            self.stdout.write(
                f"{len(documents)} documents in {elapsed:.1f} s ({rate:.0f} documents/s); "
                f"{linked} progress reports linked to their plans"
            )
        summary = " ".join(f"{name}={count}" for name, count in counts.items())
        style = self.style.ERROR if counts["failed"] else self.style.SUCCESS
        self.stdout.write(style(summary))
        if counts["failed"]:
            raise SystemExit(1)
