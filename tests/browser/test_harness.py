"""The browser harness itself: without Chromium the browser tests skip with
the install command locally, and fail in CI. (No browser needed here.)"""

import pytest

from .conftest import require_chromium


def test_missing_chromium_skips_locally(monkeypatch, tmp_path):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install -y chromium"):
        require_chromium(tmp_path / "no-chromium")


@pytest.mark.parametrize("value", ["true", "1", "True"])
def test_missing_chromium_fails_in_ci(monkeypatch, tmp_path, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI must run the browser tests"):
        require_chromium(tmp_path / "no-chromium")


def test_present_chromium_passes(monkeypatch, tmp_path):
    monkeypatch.setenv("CI", "true")
    binary = tmp_path / "chromium"
    binary.write_text("")
    assert require_chromium(binary) is None


def test_missing_html_checker_skips_locally(monkeypatch, tmp_path):
    from .vnu import require_vnu

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="default-jre-headless"):
        require_vnu(tmp_path / "no-vnu.jar", java="/usr/bin/java")


def test_missing_html_checker_fails_in_ci(monkeypatch, tmp_path):
    from .vnu import require_vnu

    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI must validate the HTML"):
        require_vnu(tmp_path / "no-vnu.jar", java="/usr/bin/java")
