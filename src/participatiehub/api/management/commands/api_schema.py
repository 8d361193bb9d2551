"""Write the API's OpenAPI document to docs/api/openapi.json (or check that the file is current)."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from participatiehub.api.schema import openapi_json

DEFAULT = Path(settings.REPO_DIR) / "docs" / "api" / "openapi.json"


class Command(BaseCommand):
    help = "Write the open data API's OpenAPI document (docs/api/openapi.json); --check only compares."

    def add_arguments(self, parser):
        parser.add_argument("--file", default=str(DEFAULT), help="Where to write it.")
        parser.add_argument("--check", action="store_true", help="Fail when the file is not current.")

    def handle(self, *args, file: str, check: bool, **options):
        path = Path(file)
        text = openapi_json()
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is not current: run python manage.py api_schema")
            self.stdout.write(f"{path} is current.")
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
