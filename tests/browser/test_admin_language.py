"""The admin walk (issue 20): every screen editors use, as the demo editor
and as the demo admin, in one browser, in Danish with correct grammar.

On every screen (and every tab of every page type's editor, the StreamField
block menu, the image chooser's upload tab) the visible text, the tooltips
and the screen-reader labels are collected in the browser and checked
against two things (tests/browser/admin_language.py):
- Wagtail's own English, built from Wagtail's installed catalogs (so a
  Wagtail upgrade that brings new strings fails here until they are in
  locale/da, docs/translations.md);
- a list of bad Danish editors have found.
Every screen is walked before the test fails, and the failure lists each
screen with what it showed.
"""

import re

import pytest

from .admin_language import COLLECT_VISIBLE_JS, bad_danish_in, english_in

pytestmark = pytest.mark.browser

ADMIN = ("admin", "admin")
EDITOR = ("redaktoer", "redaktoer")
PAGE_TYPES = [
    "home.HomePage",
    "news.NewsIndexPage",
    "news.ArticlePage",
    "events.EventIndexPage",
    "events.EventPage",
    "manifesto.ManifestoPage",
    "movement.PrinciplesPage",
]


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


# Where a string sits (the element's opening tag), for the failure message.
LOCATE_JS = r"""(texts) => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode())) {
        const text = node.textContent.replace(/\s+/g, ' ').trim();
        if (texts.some((t) => text === t || text.replace(/[*: ]+$/, '') === t)) {
            out.push(node.parentElement.outerHTML.split('>')[0].slice(0, 160) + '>');
        }
    }
    for (const el of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
        for (const a of ['aria-label', 'title', 'placeholder']) {
            if (texts.includes((el.getAttribute(a) || '').trim())) out.push(el.outerHTML.split('>')[0].slice(0, 160) + '>');
        }
    }
    return out.slice(0, 5);
}"""


class Walk:
    """Collects what each screen shows; fails once, at the end, with all of it."""

    def __init__(self, page):
        self.page = page
        self.problems = []
        self.screens = 0

    def check(self, label):
        # A click or a redirect may have changed the URL before the new screen
        # has drawn (seen on a loaded CI machine): wait until it shows text.
        self.page.wait_for_load_state("load")
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(f"({COLLECT_VISIBLE_JS})().length > 5")
        except PlaywrightTimeout:
            pass  # the assertion below names the screen
        strings = self.page.evaluate(COLLECT_VISIBLE_JS)
        assert len(strings) > 5, f"{label}: nothing visible collected ({self.page.url})"
        self.screens += 1
        english = english_in(strings)
        bad = bad_danish_in(strings)
        if english:
            where = self.page.evaluate(LOCATE_JS, english)
            self.problems.append(f"{label} ({self.page.url}): English {english} in {where}")
        if bad:
            self.problems.append(f"{label} ({self.page.url}): bad Danish {bad}")

    def visit(self, path, label):
        response = self.page.goto(path)
        assert response.ok, f"{label}: {path} answered {response.status}"
        self.check(label)

    def tabs(self, label):
        """Every tab of the editor (content, promote, settings, …), each checked."""
        tabs = self.page.locator(".w-tabs__list [role=tab]")
        for n in range(tabs.count()):
            tab = tabs.nth(n)
            name = tab.inner_text().strip()
            tab.click()
            expect()(tab).to_have_attribute("aria-selected", "true")
            self.check(f"{label}, tab {name!r}")

    def fail_if_any(self):
        if self.problems:
            pytest.fail(
                f"{len(self.problems)} of {self.screens} screens show English or bad Danish:\n"
                + "\n".join(self.problems),
                pytrace=False,
            )


def log_in(page, walk, credentials, check_login=False):
    page.context.clear_cookies()
    page.goto("/admin/login/")
    if check_login:
        walk.check("login")
    page.locator("#id_username").fill(credentials[0])
    page.locator("#id_password").fill(credentials[1])
    page.locator("form button[type=submit]").click()
    expect()(page).to_have_url(re.compile(r"/admin/$"))


def open_chooser(page, selector):
    """A chooser with a value keeps "Change" behind its "…" menu."""
    chooser = page.locator(selector)
    choose = chooser.locator("[data-chooser-action-choose]:visible")
    if not choose.count():
        chooser.locator("[data-w-dropdown-target=toggle]").first.click()
    choose.first.click()


def first_page_of(model_path):
    from django.apps import apps

    return apps.get_model(model_path).objects.order_by("path").first()


def test_admin_walk_in_danish(page, live_site):
    from wagtail.documents import get_document_model
    from wagtail.images import get_image_model
    from wagtail.models import Site, Workflow

    e = expect()
    walk = Walk(page)
    pages = {label: first_page_of(label) for label in PAGE_TYPES}
    assert all(pages.values()), pages
    article = pages["news.ArticlePage"]
    image = get_image_model().objects.order_by("pk").first()
    document = get_document_model().objects.order_by("pk").first()
    from movement.models import OutgoingEmail

    email = OutgoingEmail.objects.create(
        subject="Bekræft din tilmelding",
        recipient="a…@example.org",
        message={},
        status=OutgoingEmail.Status.FAILED,
        attempts=8,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )

    # --- the demo admin -------------------------------------------------
    log_in(page, walk, ADMIN, check_login=True)
    walk.check("dashboard")
    walk.visit(f"/admin/pages/{pages['news.NewsIndexPage'].pk}/", "explorer")
    for label, obj in pages.items():
        page.goto(f"/admin/pages/{obj.pk}/edit/")
        walk.tabs(f"editor of {label}")
    # The article editor's JavaScript-made parts: the StreamField block
    # menu, the image chooser with its upload tab.
    page.goto(f"/admin/pages/{article.pk}/edit/")
    page.locator("#body-root button.c-sf-add-button").first.click()
    e(page.get_by_role("option").first).to_be_visible()
    walk.check("article editor, block menu")
    page.keyboard.press("Escape")
    open_chooser(page, "#id_image-chooser")
    modal = page.locator(".modal-dialog")
    e(modal).to_be_visible()
    walk.check("image chooser")
    modal.locator("[role=tab]").last.click()
    e(modal.locator("input[type=file]")).to_be_attached()
    walk.check("image chooser, upload tab")
    page.keyboard.press("Escape")

    for path, label in [
        ("/admin/images/", "images"),
        ("/admin/images/multiple/add/", "image upload"),
        (f"/admin/images/{image.pk}/", "image detail"),
        ("/admin/documents/", "documents"),
        ("/admin/documents/multiple/add/", "document upload"),
        (f"/admin/documents/edit/{document.pk}/", "document detail"),
        ("/admin/documents/chooser/", "document chooser (JSON view rendered)"),
        ("/admin/snippets/", "snippets"),
        ("/admin/snippets/movement/person/add/", "person snippet editor"),
        ("/admin/snippets/events/registration/", "registrations"),
        ("/admin/sites/", "settings: sites"),
        (f"/admin/sites/edit/{Site.objects.get(is_default_site=True).pk}/", "settings: site"),
        ("/admin/settings/movement/sitesettings/", "settings: site settings"),
        ("/admin/collections/", "settings: collections"),
        ("/admin/workflows/list/", "workflows"),
        (f"/admin/workflows/edit/{Workflow.objects.order_by('pk').last().pk}/", "workflow editor"),
        ("/admin/workflows/tasks/index/", "workflow tasks"),
        ("/admin/reports/locked/", "report: locked pages"),
        ("/admin/reports/workflow/", "report: workflows"),
        ("/admin/reports/site-history/", "report: site history"),
        ("/admin/reports/aging-pages/", "report: aging pages"),
        ("/admin/searchpicks/", "search promotions"),
        ("/admin/searchpicks/add/", "search promotion editor"),
        ("/admin/2fa/opsaet/", "2FA set-up"),
        ("/admin/udgaaende-emails/", "settings: outgoing emails"),
        ("/admin/udgaaende-emails/?state=given_up", "settings: outgoing emails, filtered"),
        (f"/admin/udgaaende-emails/{email.pk}/retry/", "outgoing email: retry"),
    ]:
        if "chooser" in path:
            continue  # a modal's JSON: seen through the page editor instead
        walk.visit(path, label)
    page.goto(f"/admin/pages/{pages['manifesto.ManifestoPage'].pk}/edit/")
    open_chooser(page, "#id_document-chooser")
    e(page.locator(".modal-dialog")).to_be_visible()
    walk.check("document chooser")
    page.locator(".modal-dialog [role=tab]").last.click()
    walk.check("document chooser, upload tab")

    # --- the demo editor (no publish rights: the review workflow) ---------
    log_in(page, walk, EDITOR)
    walk.check("editor's dashboard")
    page.goto(f"/admin/pages/{article.pk}/edit/")
    walk.tabs("editor's article editor")
    page.locator("footer .w-dropdown-button [data-w-dropdown-target=toggle]").click()
    walk.check("editor's save menu (submit to the workflow)")
    walk.visit("/admin/pages/add/news/articlepage/{}/".format(pages["news.NewsIndexPage"].pk), "editor: new article")
    walk.visit("/admin/images/", "editor's images")

    # Leave the editor here, while the database is open: closing it later
    # sends Wagtail's editing-session release to a stopped server.
    page.goto("about:blank")
    walk.fail_if_any()
    assert walk.screens >= 30, walk.screens
