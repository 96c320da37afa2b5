"""``python manage.py run_scheduler [--every SECONDS] [--once]``

Runs Wagtail's ``publish_scheduled`` every minute until stopped, so a page approved with a
go-live time goes live then, and a page (or alert) past its expiry time comes down. ``make
run`` starts it beside the development server; in production a systemd timer or a cron line
runs ``publish_scheduled`` itself (docs/deployment.md). A failed run is logged and the loop
goes on: one bad revision must not stop every later publication.
"""

import logging
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Publish and unpublish scheduled pages every minute (or once)."

    def add_arguments(self, parser):
        parser.add_argument("--every", type=int, default=60, help="seconds between runs")
        parser.add_argument("--once", action="store_true", help="run once and stop")

    def handle(self, *args, every: int, once: bool, **options):
        if every < 1:
            every = 1
        while True:
            try:
                call_command("publish_scheduled", verbosity=options["verbosity"])
            except Exception:  # keep the loop alive; the next minute tries again
                logger.exception("publish_scheduled failed")
            if once:
                return
            try:
                time.sleep(every)
            except KeyboardInterrupt:
                return
