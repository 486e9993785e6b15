"""The Nu Html Checker (vnu.jar, from the `vnu-jar` npm package) run once over
a set of documents: one JVM start for all of them, a few seconds in total.

`.ci/run` installs Java (`default-jre-headless`) and runs `npm ci`; locally,
without them, the validity test skips with the install commands, and in CI
(`CI=true`) a missing checker is a failure. `VNU_JAR` points at another jar.
"""

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from .conftest import in_ci

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "apt-get install -y default-jre-headless && npm ci"


def require_vnu(jar=None, java=None):
    """(java, jar), or skip (locally) / fail (CI) with the install command."""
    jar = Path(jar or os.environ.get("VNU_JAR") or DEFAULT_JAR)
    java = java or shutil.which("java")
    missing = [what for what, ok in (("java", java), (str(jar), jar.exists())) if not ok]
    if not missing:
        return java, jar
    message = f"Nu Html Checker not installed ({', '.join(missing)} missing): {INSTALL}"
    if in_ci():
        pytest.fail(f"{message}. CI must validate the HTML.", pytrace=False)
    pytest.skip(message)


def validate(documents, java, jar, timeout=240):
    """Errors per document name: {name: ["line N: message «extract»", ...]}."""
    with tempfile.TemporaryDirectory(prefix="vnu-") as tmp:
        paths = {}
        for name, html in documents.items():
            path = Path(tmp) / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.resolve().as_uri()] = name
        result = subprocess.run(
            [
                java,
                "-Xss1m",
                "-jar",
                str(jar),
                "--errors-only",
                "--format",
                "json",
                "--exit-zero-always",
                *map(str, sorted(Path(tmp).iterdir())),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            check=True,
        )
    messages = json.loads(result.stderr or "{}").get("messages", [])
    errors = {name: [] for name in documents}
    for message in messages:
        if message.get("type") not in {"error", "non-document-error"}:
            continue
        url = message.get("url", "")
        name = paths.get(url) or next((n for u, n in paths.items() if url.endswith(u.rsplit("/", 1)[-1])), url)
        extract = " ".join(message.get("extract", "").split())[:160]
        errors.setdefault(name, []).append(f"line {message.get('lastLine', '?')}: {message['message']} «{extract}»")
    return errors
