"""The dev settings show the reader's 404, unless DJANGO_DEBUG_404=true."""

import importlib

import pytest


def dev_settings(monkeypatch, debug_404=None):
    """The values `movement.settings.dev` computes under this environment."""
    if debug_404 is None:
        monkeypatch.delenv("DJANGO_DEBUG_404", raising=False)
    else:
        monkeypatch.setenv("DJANGO_DEBUG_404", debug_404)
    monkeypatch.delenv("DEBUG", raising=False)
    import movement.settings.dev as dev

    return importlib.reload(dev)


@pytest.fixture
def as_dev(settings, monkeypatch):
    def apply(debug_404=None):
        dev = dev_settings(monkeypatch, debug_404)
        settings.DEBUG = dev.DEBUG
        settings.DEBUG_404 = dev.DEBUG_404
        settings.MIDDLEWARE = dev.MIDDLEWARE
        return dev

    return apply


# Unknown to the URLconf (a Resolver404 before any view), unknown to
# Wagtail's page tree (Http404 in the view), and a bad tag (Http404 in our view).
URLS = ["/findes-ikke.php", "/findes-ikke/", "/nyheder/tag/findes-ikke/"]


@pytest.mark.parametrize("url", URLS)
def test_dev_settings_show_the_branded_404(client, demo_site, as_dev, url):
    dev = as_dev()
    assert dev.DEBUG is True
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden blev ikke fundet" in html
    assert 'lang="da"' in html
    assert "URLconf" not in html and "Django tried these URL patterns" not in html
    assert "movement.urls" not in html


@pytest.mark.parametrize("url", URLS[:2])
def test_developer_can_ask_for_the_debug_page(client, demo_site, as_dev, url):
    dev = as_dev("true")
    assert dev.DEBUG_404 is True
    response = client.get(url)
    assert response.status_code == 404
    html = response.content.decode()
    assert "Siden blev ikke fundet" not in html
    assert "Page not found" in html


def test_api_404_stays_json_under_dev_settings(client, demo_site, as_dev):
    as_dev()
    response = client.get("/api/v2/pages/999999/")
    assert response.status_code == 404
    assert response["Content-Type"].split(";")[0] in ("application/json", "application/problem+json")
