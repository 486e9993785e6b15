"""The v3 API's stability promise and the clients built on it (issue 18,
docs/api.md): the schema snapshot, the changelog that must change with it,
the TypeScript example type-checked against generated types, and a Python
client generated with openapi-python-client parsing the demo's event.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from django.test import override_settings

import pytest

from movement.management.commands.api_schema import SNAPSHOT, schema_text

ROOT = Path(__file__).resolve().parents[1]
CHANGELOG = ROOT / "docs" / "api-changelog.md"
FRONTEND = ROOT / "frontend-example"
IN_CI = os.environ.get("CI") == "true"


def git(*args):
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)


@pytest.mark.django_db
def test_live_schema_is_the_snapshot(client):
    """Regenerate with `python manage.py api_schema` and add an entry to
    docs/api-changelog.md."""
    live = client.get("/api/v3/openapi.json").json()
    assert json.loads(schema_text()) == live
    assert SNAPSHOT.read_text(encoding="utf-8") == schema_text(), (
        "The v3 schema differs from docs/api/openapi-v3.json: run `python manage.py api_schema`, "
        "and say what changed in docs/api-changelog.md."
    )


def test_snapshot_changes_only_with_a_changelog_entry():
    """Against the last commit: a changed snapshot needs a changed changelog."""
    if git("rev-parse", "--is-inside-work-tree").stdout.strip() != "true":
        pytest.skip("not a git checkout: nothing to compare with")
    snapshot_path = SNAPSHOT.relative_to(ROOT).as_posix()
    changelog_path = CHANGELOG.relative_to(ROOT).as_posix()
    committed = git("show", f"HEAD:{snapshot_path}")
    if committed.returncode != 0:
        pytest.skip("the snapshot is not committed yet")
    if committed.stdout == SNAPSHOT.read_text(encoding="utf-8"):
        # Unchanged in the work tree; and the last commit itself?
        changed = git("diff", "--name-only", "HEAD~1", "HEAD").stdout.split()
        if snapshot_path in changed:
            assert changelog_path in changed, "the last commit changed the schema snapshot but not the API changelog"
        return
    committed_log = git("show", f"HEAD:{changelog_path}").stdout
    assert CHANGELOG.read_text(encoding="utf-8") != committed_log, (
        "docs/api/openapi-v3.json changed: add an entry to docs/api-changelog.md"
    )


def tool(name, hint):
    path = shutil.which(name)
    if path is None:
        if IN_CI:
            pytest.fail(f"{name} is missing ({hint})")
        pytest.skip(f"{name} is not installed ({hint})")
    return path


def test_typescript_example_type_checks_against_generated_types(tmp_path):
    """Types generated from the snapshot (which equals the live schema, above)
    with openapi-typescript, then `tsc --noEmit` of the example module. In a
    copy, so the two CI suites running side by side don't share files;
    node_modules from `npm ci` (the committed lock file; .ci/run does it)."""
    npm = tool("npm", "apt-get install nodejs npm")
    if not (FRONTEND / "node_modules" / ".bin" / "tsc").exists():
        if IN_CI:
            pytest.fail("frontend-example/node_modules is missing: .ci/run runs `npm ci` there")
        subprocess.run([npm, "ci", "--no-audit", "--no-fund"], cwd=FRONTEND, check=True, capture_output=True)
    work = tmp_path / "frontend"
    shutil.copytree(FRONTEND / "src", work / "src", ignore=shutil.ignore_patterns("api-types.ts"))
    shutil.copy(FRONTEND / "tsconfig.json", work)
    (work / "node_modules").symlink_to(FRONTEND / "node_modules")
    bin_dir = FRONTEND / "node_modules" / ".bin"
    generate = subprocess.run(
        [str(bin_dir / "openapi-typescript"), str(SNAPSHOT), "-o", str(work / "src" / "api-types.ts")],
        cwd=work,
        capture_output=True,
        text=True,
    )
    assert generate.returncode == 0, generate.stdout + generate.stderr
    check = subprocess.run(
        [str(bin_dir / "tsc"), "--noEmit", "-p", str(work)], cwd=work, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.fixture(scope="module")
def generated_client(tmp_path_factory):
    """A Python client generated from the snapshot with openapi-python-client."""
    generator = Path(sys.executable).with_name("openapi-python-client")
    if not generator.exists():
        pytest.fail("openapi-python-client is missing (requirements-dev.txt)")
    out = tmp_path_factory.mktemp("client")
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(SNAPSHOT),
            "--output-path",
            str(out / "samskabelse_client"),
            "--meta",
            "none",
        ],
        capture_output=True,
        text=True,
        cwd=out,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    sys.path.insert(0, str(out))
    try:
        yield
    finally:
        sys.path.remove(str(out))


@override_settings(RATELIMIT_ENABLE=False)
def test_generated_python_client_parses_host_as_person_and_facilitator_as_organisation(
    generated_client, demo_site, client
):
    from samskabelse_client.models import EventPageSchema, OrganisationJSON, PersonJSON

    from events.models import EventPage

    event = EventPage.objects.get(slug="nytaarskur-2018")
    data = client.get(f"/api/v3/pages/{event.pk}/").json()
    parsed = EventPageSchema.from_dict(data)
    assert isinstance(parsed.host, PersonJSON), type(parsed.host)
    assert parsed.host.name == "Torsten Gejl"
    assert isinstance(parsed.facilitator, OrganisationJSON), type(parsed.facilitator)
    assert parsed.facilitator.name == "Resonans"
    assert parsed.status == "held"
    assert parsed.registration.status == "closed"
    assert parsed.program[0].kind == "welcome"


@override_settings(RATELIMIT_ENABLE=False)
def test_generated_python_client_reads_alt_text_and_the_decorative_choice(generated_client, demo_site, client):
    """A frontend that renders images from the generated client gets `alt`
    and `decorative` (issue 20): alt text as typed, or "" with decorative
    true once the editor has marked the image decorative."""
    from samskabelse_client.models import ArticlePageSchema, ImageJSON

    from movement.models import ImageAccessibility
    from news.models import ArticlePage

    article = ArticlePage.objects.live().filter(image__isnull=False).exclude(image__description="").first()
    parsed = ArticlePageSchema.from_dict(client.get(f"/api/v3/pages/{article.pk}/").json())
    assert isinstance(parsed.image, ImageJSON), type(parsed.image)
    assert parsed.image.alt == article.image.description
    assert parsed.image.decorative is False

    image = article.image
    image.description = ""
    image.save()
    ImageAccessibility.objects.update_or_create(image=image, defaults={"decorative": True})
    parsed = ArticlePageSchema.from_dict(client.get(f"/api/v3/pages/{article.pk}/").json())
    assert parsed.image.alt == ""
    assert parsed.image.decorative is True
