"""`python manage.py api_schema [--output docs/api/openapi-v3.json]`: the v3
OpenAPI document, as `/api/v3/openapi.json` serves it, for the snapshot that
tests/test_api_contract.py holds the live schema to (docs/api.md)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

SNAPSHOT = Path(__file__).resolve().parents[3] / "docs" / "api" / "openapi-v3.json"


def schema_text():
    """The document in the site's language (help texts are descriptions)."""
    from django.conf import settings
    from django.utils import translation

    from ninja.responses import NinjaJSONEncoder

    from movement.urls import api_v3

    with translation.override(settings.LANGUAGE_CODE):
        schema = api_v3.get_openapi_schema()
        return json.dumps(schema, indent=2, ensure_ascii=False, cls=NinjaJSONEncoder) + "\n"


class Command(BaseCommand):
    help = "Write the API v3 OpenAPI document (the snapshot in docs/api/openapi-v3.json by default)."

    def add_arguments(self, parser):
        parser.add_argument("--output", default=str(SNAPSHOT), help="File to write; '-' for standard output.")

    def handle(self, *args, output, **options):
        text = schema_text()
        if output == "-":
            self.stdout.write(text, ending="")
        else:
            Path(output).write_text(text, encoding="utf-8")
            self.stdout.write(f"Skrev {output}")
