"""Load-test the public side over real HTTP, as it runs in production.

    python manage.py loadtest          # `make loadtest`: on the demo database

Starts gunicorn (DEBUG off, static files collected, on 127.0.0.1 only) and points Debian's `wrk`
at the listing and at a plan page (after 3 s of warming up, not counted), with the cache of public
pages for anonymous visitors, then without it. Every run is bounded in time; the server is stopped
at the end.
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from plans.models import LearningPlan

HOST = "127.0.0.1"
# For this run only: the server answers on the loopback and is stopped at the end.
SECRET_KEY = secrets.token_urlsafe(40)


class Command(BaseCommand):
    help = (
        "Serve the portal with gunicorn (DEBUG off) and measure requests per second of the "
        "listing and a plan page with wrk, anonymous, with the page cache and without it."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8001, help="Where gunicorn listens.")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn workers.")
        parser.add_argument("--connections", type=int, default=20, help="wrk's connections.")
        parser.add_argument("--seconds", type=int, default=10, help="How long each page runs.")

    def handle(self, *args, port, workers, connections, seconds, **options):
        if shutil.which("wrk") is None:
            raise CommandError("wrk is needed: apt-get install wrk")
        plan = LearningPlan.objects.published().order_by("pk").first()
        if plan is None:
            raise CommandError("No published plan to ask for: run `manage.py load_demo` first.")
        pages = [("listing", "/plans/"), ("plan page", plan.get_absolute_url())]
        self.stdout.write(
            f"{connection.vendor}, {LearningPlan.objects.published().count()} published plans; "
            f"gunicorn with {workers} workers; wrk with {connections} connections, "
            f"{seconds} s a page"
        )
        # With DEBUG off, pages name the static files by their hashed names, from the manifest.
        manage = [sys.executable, str(settings.BASE_DIR / "manage.py")]
        subprocess.run(
            [*manage, "collectstatic", "--noinput", "-v0"], env=_production(0), check=True
        )
        for cache_seconds in (600, 0):
            with serving(port, workers, _production(cache_seconds)):
                for name, path in pages:
                    rate, median, failed, socket = hammer(
                        f"http://{HOST}:{port}{path}", connections, seconds
                    )
                    self.stdout.write(
                        f"{name:<10} {'cached' if cache_seconds else 'uncached':<9}"
                        f"{rate:8.1f} requests/s   median {median:>9}   "
                        f"not 2xx: {failed}   socket errors: {socket}"
                    )


def _production(cache_seconds: int) -> dict:
    return {
        **os.environ,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": os.environ.get("DJANGO_SECRET_KEY") or SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": HOST,
        # Plain HTTP on the loopback: no proxy in front to end TLS.
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "ALP_PUBLIC_CACHE_SECONDS": str(cache_seconds),
    }


@contextmanager
def serving(port: int, workers: int, env: dict):
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"{HOST}:{port}"]
        # No control socket: its default path is one per machine, not per server.
        + ["--no-control-socket", "--log-level", "warning", "alp_portal.wsgi"],
        env=env,
        cwd=settings.BASE_DIR,
    )
    try:
        _wait_for(server, f"http://{HOST}:{port}/plans/")
        yield
    finally:
        server.terminate()
        server.wait(timeout=60)


def _wait_for(server, url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise CommandError("gunicorn stopped; see its output above.")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise CommandError(f"{url} did not answer within {timeout:.0f} s.")


def hammer(url: str, connections: int, seconds: int) -> tuple[float, str, int, str]:
    """wrk's requests per second, median latency, answers other than 2xx or 3xx, and socket
    errors (connect, read, write, and timeout: no answer within wrk's 2 s)."""
    command = ["wrk", "--threads", "2", "--connections", str(connections), "--latency", url]
    # Not counted: each worker's first answers (its cache, templates, database connection).
    subprocess.run([*command, "--duration", "3s"], capture_output=True, check=True)
    command += ["--duration", f"{seconds}s"]
    return read_report(subprocess.run(command, capture_output=True, text=True, check=True).stdout)


def read_report(report: str) -> tuple[float, str, int, str]:
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", report).group(1))
    median = re.search(r"^\s+50%\s+(\S+)", report, re.MULTILINE).group(1)
    # wrk prints these lines only when there are any.
    failed = re.search(r"Non-2xx or 3xx responses: (\d+)", report)
    socket = re.search(r"Socket errors: (.*)", report)
    return rate, median, int(failed.group(1)) if failed else 0, socket.group(1) if socket else "0"
