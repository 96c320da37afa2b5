"""Rewrite docs/api/hsds-openapi.json from the API's own description (a test keeps them equal)."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from directory.hsds.openapi import document


class Command(BaseCommand):
    help = "Write the HSDS API's OpenAPI document to docs/api/hsds-openapi.json."

    def handle(self, *args, **options):
        target = Path(settings.BASE_DIR) / "docs" / "api" / "hsds-openapi.json"
        text = json.dumps(document(), ensure_ascii=False, indent=2) + "\n"
        target.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {target}")
