"""Every public page type in Chromium: axe-core finds no serious or critical
WCAG 2.1 AA violation at phone and desktop widths, the page logs no console
error (a CSP-blocked inline script shows up here), and a screenshot of each
width lands in test-artifacts/screenshots/."""

import pytest

from .conftest import DESKTOP, PHONE
from .helpers import assert_accessible, screenshot

pytestmark = pytest.mark.browser

# (artefact name, path, expected HTTP status, a heading the page must show)
PUBLIC_PAGES = [
    ("home", "/", 200, "Den Nationale Samskabelsesbevægelse"),
    ("feed", "/nyheder/", 200, "What else is cooking?"),
    ("tag", "/nyheder/tag/ledelse/", 200, "Ledelse"),
    ("article", "/nyheder/ledelseskommissionens-anbefalinger/", 200, "Ledelseskommissionens anbefalinger"),
    ("event-index", "/arrangementer/", 200, "Arrangementer"),
    ("event", "/arrangementer/nytaarskur-2018/", 200, "Nytårskur 2018"),
    ("event-upcoming", "/arrangementer/samskabelse-i-praksis-demo/", 200, "Samskabelse i praksis"),
    ("manifesto", "/manifest/", 200, "Manifest for samskabelse"),
    ("principles", "/principper/", 200, None),
    ("search-results", "/search/?q=samskabelse", 200, None),
    ("privacy", "/privatlivspolitik/", 200, "Privatlivspolitik"),
    ("accessibility-statement", "/tilgaengelighedserklaering/", 200, "Tilgængelighedserklæring"),
    ("member-login", "/medlem/login/", 200, None),
    ("member-signup", "/medlem/signup/", 200, None),
    ("not-found", "/findes-ikke-her/", 404, None),
]


@pytest.mark.parametrize(("name", "path", "status", "heading"), PUBLIC_PAGES, ids=[p[0] for p in PUBLIC_PAGES])
def test_public_page_type_is_accessible(page, live_site, console_errors, name, path, status, heading):
    from playwright.sync_api import expect

    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    h1 = page.locator("main h1").first
    expect(h1).to_be_visible()
    if heading:
        expect(h1).to_contain_text(heading)

    assert_accessible(page, f"{name} at desktop width")
    screenshot(page, f"{name}-desktop")

    page.set_viewport_size(PHONE)
    page.reload()
    expect(h1).to_be_visible()
    assert_accessible(page, f"{name} at phone width")
    screenshot(page, f"{name}-phone")
    page.set_viewport_size(DESKTOP)

    # A 404 page logs the failed document load itself; anything else is a bug.
    errors = [e for e in console_errors if not (status == 404 and "404" in e and path in e)]
    assert errors == [], f"console errors on {path}:\n" + "\n".join(errors)


def test_the_check_catches_serious_violations(page, live_site):
    """The filter above is not vacuous: an image without alt text and an
    unlabelled input are reported as critical."""
    from .helpers import axe_violations

    page.set_content(
        '<!DOCTYPE html><html lang="da"><head><title>t</title></head><body><main><h1>t</h1>'
        '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input type="text"></main></body></html>'
    )
    found = {v["id"] for v in axe_violations(page)}
    assert {"image-alt", "label"} <= found, found
