"""What several browser tests do: axe-core checks, screenshots, keyboard-only
navigation with a visible focus."""

import pytest

from .conftest import SCREENSHOTS

# axe-core rule tags for WCAG 2.1 level A and AA.
WCAG21AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING_IMPACTS = {"serious", "critical"}


def axe_violations(page):
    """axe-core (bundled with axe-playwright-python, nothing downloaded) run in
    the page; the serious and critical WCAG 2.1 AA violations."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG21AA}, "resultTypes": ["violations"]})
    return [v for v in results.response["violations"] if v.get("impact") in BLOCKING_IMPACTS]


def format_violations(violations):
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} [{v['helpUrl']}]")
        for node in v["nodes"][:10]:
            lines.append(f"    target {node['target']}: {node.get('failureSummary', '').splitlines()[-1:]}")
    return "\n".join(lines)


def assert_accessible(page, label):
    violations = axe_violations(page)
    if violations:
        pytest.fail(
            f"axe-core: {len(violations)} serious/critical WCAG 2.1 AA violation(s) on {label} ({page.url}):\n"
            + format_violations(violations),
            pytrace=False,
        )


def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


# --- keyboard -------------------------------------------------------------

FOCUS_INFO_JS = """() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return null;
    const s = getComputedStyle(el);
    const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
    const shadow = s.boxShadow && s.boxShadow !== 'none';
    return {
        tag: el.tagName.toLowerCase(),
        text: (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().slice(0, 80),
        href: el.getAttribute('href') || '',
        name: el.getAttribute('name') || '',
        id: el.id || '',
        focusVisible: el.matches(':focus-visible'),
        visibleIndicator: outline || shadow,
        outline: s.outlineStyle + ' ' + s.outlineWidth,
    };
}"""


def focused(page):
    return page.evaluate(FOCUS_INFO_JS)


def assert_focus_visible(page):
    info = focused(page)
    assert info is not None, "nothing has the keyboard focus"
    assert info["focusVisible"] and info["visibleIndicator"], f"focus is not visible on {info}"
    return info


def tab_to(page, matches, max_tabs=120, shift=False, describe=""):
    """Press Tab (or Shift+Tab) until the focused element satisfies `matches`
    (a function of the focus info dict), checking at every stop that the
    focus is visible. Returns the focus info."""
    seen = []
    for _ in range(max_tabs):
        page.keyboard.press("Shift+Tab" if shift else "Tab")
        info = focused(page)
        if info is None:
            continue
        assert info["focusVisible"] and info["visibleIndicator"], f"focus is not visible on {info}"
        if matches(info):
            return info
        seen.append(f"{info['tag']}:{info['text'] or info['href'] or info['name']}")
    raise AssertionError(f"{describe or 'target'} not reached with Tab; focus went through: {seen}")


def text_is(text):
    return lambda info: info["text"] == text


def text_contains(text):
    return lambda info: text.lower() in info["text"].lower()


def href_contains(fragment):
    return lambda info: fragment in info["href"]


def name_is(name):
    return lambda info: info["name"] == name
