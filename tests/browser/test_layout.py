"""Every public page type works from 320 px up: no horizontal scroll at 320,
390, 768 and 1280 px, and no heading breaks a word without a hyphen.

Debian's Chromium has no hyphenation dictionaries, so there `hyphens: auto`
never hyphenates and any word split across lines is split without a hyphen
(by `overflow-wrap`): the type scale must make every heading word fit
(docs/design.md). Screenshots of the member home (the one page type the
accessibility test does not visit) land beside the others."""

import pytest

from .helpers import screenshot
from .pages import PAGE_IDS, PAGE_TYPES, member_session_cookie

pytestmark = pytest.mark.browser

WIDTHS = [320, 390, 768, 1280]

OVERFLOW_JS = """() => {
    const width = window.innerWidth;
    const wide = [];
    for (const el of document.querySelectorAll('body *')) {
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > width + 0.5) {
            wide.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}.${[...el.classList].join('.')} (right edge ${Math.round(r.right)} px)`);
        }
    }
    return {scrollWidth: document.documentElement.scrollWidth, innerWidth: width, wide: wide.slice(0, 10)};
}"""

# Words of visible headings whose letters land on more than one line.
SPLIT_WORDS_JS = """() => {
    const split = [];
    for (const heading of document.querySelectorAll('h1, h2, h3, h4')) {
        if (!heading.offsetParent && getComputedStyle(heading).position !== 'fixed') continue;
        const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const re = /\\S+/g;
            let m;
            while ((m = re.exec(node.data))) {
                const range = document.createRange();
                range.setStart(node, m.index);
                range.setEnd(node, m.index + m[0].length);
                const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
                if (tops.size > 1) split.push(`${heading.tagName.toLowerCase()}: "${m[0]}"`);
            }
        }
    }
    return split;
}"""

# Does this browser hyphenate Danish at all? (Debian's Chromium: no.)
HYPHENATES_JS = """() => {
    const probe = document.createElement('div');
    probe.lang = 'da';
    probe.style.cssText = 'hyphens:auto;-webkit-hyphens:auto;overflow-wrap:normal;width:6em;position:absolute;visibility:hidden';
    probe.textContent = 'Samskabelsesbevægelsen';
    document.body.append(probe);
    const lines = probe.getClientRects()[0].height / parseFloat(getComputedStyle(probe).lineHeight || 20);
    probe.remove();
    return lines > 1.5;
}"""


@pytest.mark.parametrize(("name", "path", "status", "as_member"), PAGE_TYPES, ids=PAGE_IDS)
def test_page_type_fits_every_width(new_page, live_site, name, path, status, as_member):
    page = new_page(viewport={"width": WIDTHS[0], "height": 800})
    if as_member:
        cookie, value = member_session_cookie()
        page.context.add_cookies([{"name": cookie, "value": value, "url": live_site.url}])
    response = page.goto(path)
    assert response.status == status, f"{path} answered {response.status}"
    hyphenates = page.evaluate(HYPHENATES_JS)
    problems = []
    for width in WIDTHS:
        if width != WIDTHS[0]:
            page.set_viewport_size({"width": width, "height": 800})
        page.evaluate("document.fonts.ready")
        layout = page.evaluate(OVERFLOW_JS)
        if layout["scrollWidth"] > layout["innerWidth"]:
            problems.append(
                f"{width} px: the page is {layout['scrollWidth']} px wide; too wide: " + "; ".join(layout["wide"])
            )
        if not hyphenates:
            split = page.evaluate(SPLIT_WORDS_JS)
            if split:
                problems.append(f"{width} px: heading words broken without a hyphen: " + ", ".join(split))
        if as_member and width in (390, 1280):
            screenshot(page, f"{name}-{'phone' if width == 390 else 'desktop'}")
    assert not problems, f"{path}:\n" + "\n".join(problems)


def test_the_width_check_catches_overflow(new_page, live_site):
    """Not vacuous: a page with a fixed 500 px box is reported at 390 px, and a
    heading too long for its line is reported as broken."""
    page = new_page(viewport={"width": 390, "height": 800})
    page.goto("/")
    page.evaluate("""() => {
        const box = document.createElement('div');
        box.style.width = '500px';
        box.textContent = 'x';
        document.querySelector('main').append(box);
        const h = document.createElement('h2');
        h.style.cssText = 'width: 5em; overflow-wrap: anywhere; hyphens: manual';
        h.textContent = 'Samskabelsesbevægelsen';
        document.querySelector('main').append(h);
    }""")
    layout = page.evaluate(OVERFLOW_JS)
    assert layout["scrollWidth"] > layout["innerWidth"]
    assert any(entry.startswith("div") for entry in layout["wide"]), layout["wide"]
    assert 'h2: "Samskabelsesbevægelsen"' in page.evaluate(SPLIT_WORDS_JS)
