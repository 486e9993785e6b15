"""What readers, registrants and members do, in Chromium: each journey once
with the mouse and once with the keyboard alone (Tab, Shift+Tab, Enter,
arrow keys, typing), checking at every Tab stop that the focus is visible."""

import re
import time
import uuid
from email import message_from_bytes

from django.core import mail

import pytest
import time_machine

from .helpers import (
    assert_focus_visible,
    focused,
    href_contains,
    name_is,
    tab_to,
    text_contains,
    text_is,
)

pytestmark = pytest.mark.browser

FEED_LINK = "What else is cooking?"
UPCOMING_EVENT = "/arrangementer/samskabelse-i-praksis-demo/"
MANIFESTO = "/manifest/"
MEMBER = ("medlem@example.org", "samskabelse")
# The registration form refuses posts sent less than 3 s after the page was
# served (events.forms.MIN_SECONDS, a bot trap). The live server runs in this
# process, so we move its clock forward instead of sleeping.
FORM_AGE_SECONDS = 10


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def feed_items(page):
    return page.locator("#news-feed-list > li")


def mark_document(page):
    """A marker that survives only as long as the document does: proves that
    "Indlæs flere" appended in place instead of loading a new page."""
    page.evaluate("() => { window.__sameDocument = true; }")


def still_same_document(page):
    return page.evaluate("() => window.__sameDocument === true")


def search_suggestions(page):
    return page.locator("#header-search-suggestions [role=option]")


# --- Journey 3: reader -----------------------------------------------------


def test_reader_journey(page, live_site, console_errors):
    """home → "What else is cooking?" → "Indlæs flere" (in place, URL updated)
    → a tag → an article; then the type-ahead search and one of its hits."""
    e = expect()
    page.goto("/")
    page.locator("header nav").get_by_role("link", name=FEED_LINK).click()
    e(page).to_have_url(re.compile(r"/nyheder/$"))
    e(page.locator("main h1")).to_have_text(FEED_LINK)
    page.wait_for_load_state()  # load-more.js (deferred) is attached

    first_page_count = feed_items(page).count()
    assert first_page_count == 12, f"the first feed page shows {first_page_count} items"
    mark_document(page)
    page.get_by_role("link", name="Indlæs flere").click()
    e(feed_items(page)).not_to_have_count(first_page_count)
    e(page).to_have_url(re.compile(r"[?&]page=2"))
    assert feed_items(page).count() > first_page_count
    assert still_same_document(page), "'Indlæs flere' loaded a new page instead of appending in place"
    e(page.get_by_text("Arkivindlæg 14")).to_be_visible()

    # A tag of one of the seed's articles (on the second page, appended).
    page.locator("#news-feed-list").get_by_role("link", name="Velfærdsudvikling", exact=True).first.click()
    e(page).to_have_url(re.compile(r"/nyheder/tag/velf%C3%A6rdsudvikling/$|/nyheder/tag/velfærdsudvikling/$"))
    e(page.locator("main h1")).to_have_text("Velfærdsudvikling")
    page.locator("#news-feed-list").get_by_role("link", name="Ledelseskommissionens anbefalinger").click()
    e(page.locator("main h1")).to_have_text("Ledelseskommissionens anbefalinger")
    e(page).to_have_url(re.compile(r"/nyheder/ledelseskommissionens-anbefalinger/$"))
    page.wait_for_load_state()  # autocomplete.js (deferred) is attached

    # Type-ahead: suggestions appear while typing; a click opens the hit.
    search = page.locator("#header-search-q")
    search.click()
    search.press_sequentially("møder", delay=30)
    hit = search_suggestions(page).filter(has_text="I møder til halsen")
    e(hit).to_be_visible()
    e(search).to_have_attribute("aria-expanded", "true")
    hit.click()
    e(page).to_have_url(re.compile(r"/nyheder/i-moder-til-halsen-benspaend-til-bedre-modekultur/$"))
    e(page.locator("main h1")).to_contain_text("I møder til halsen")
    assert console_errors == [], "\n".join(console_errors)


def test_reader_journey_keyboard_only(page, live_site, console_errors):
    e = expect()
    page.goto("/")
    tab_to(page, text_is(FEED_LINK), describe="the 'What else is cooking?' link")
    page.keyboard.press("Enter")
    e(page).to_have_url(re.compile(r"/nyheder/$"))
    page.wait_for_load_state()  # load-more.js (deferred) is attached

    first_page_count = feed_items(page).count()
    mark_document(page)
    tab_to(page, text_is("Indlæs flere"), describe="'Indlæs flere'")
    page.keyboard.press("Enter")
    e(page).to_have_url(re.compile(r"[?&]page=2"))
    e(feed_items(page)).not_to_have_count(first_page_count)
    assert still_same_document(page)
    # The focus moves to the first new item, visibly, so a keyboard user
    # continues where the new items start.
    new_first = feed_items(page).nth(first_page_count).locator("a").first
    e(new_first).to_be_focused()
    assert_focus_visible(page)

    tab_to(page, text_is("Velfærdsudvikling"), describe="the tag 'Velfærdsudvikling'")
    page.keyboard.press("Enter")
    e(page.locator("main h1")).to_have_text("Velfærdsudvikling")
    tab_to(page, text_is("Ledelseskommissionens anbefalinger"), describe="the article link")
    page.keyboard.press("Enter")
    e(page.locator("main h1")).to_have_text("Ledelseskommissionens anbefalinger")
    page.wait_for_load_state()  # autocomplete.js (deferred) is attached

    # Back up to the header search box, type, pick a suggestion with the arrows.
    tab_to(page, name_is("q"), shift=True, max_tabs=200, describe="the search box")
    page.keyboard.type("møder", delay=30)
    e(search_suggestions(page).first).to_be_visible()
    page.keyboard.press("ArrowDown")
    search = page.locator("#header-search-q")
    e(search).to_have_attribute("aria-activedescendant", re.compile(r"option-0$"))
    e(search_suggestions(page).first).to_have_attribute("aria-selected", "true")
    target = search_suggestions(page).first.get_attribute("data-url")
    page.keyboard.press("Enter")
    e(page).to_have_url(re.compile(re.escape(target) + "$"))
    assert console_errors == [], "\n".join(console_errors)


# --- Journey 4: registrant -------------------------------------------------


def unique_email():
    return f"deltager-{uuid.uuid4().hex[:10]}@example.org"


def fill_registration_with_mouse(page, name, email):
    form = page.locator("form.registration__form")
    form.get_by_label("Navn").fill(name)
    form.get_by_label("E-mail").fill(email)
    form.get_by_label("Organisation").fill("Holbæk Kommune")
    with time_machine.travel(time.time() + FORM_AGE_SECONDS, tick=True):
        form.get_by_role("button", name="Tilmeld").click()
        page.wait_for_load_state()


def assert_confirmation_email(email, event_title):
    messages = [m for m in mail.outbox if email in m.to]
    assert len(messages) == 1, f"{len(messages)} confirmation emails to {email}; outbox: {[m.to for m in mail.outbox]}"
    message = messages[0]
    calendars = [a for a in message.attachments if a[0].endswith(".ics") or "text/calendar" in str(a[2])]
    assert calendars, f"no calendar file attached: {message.attachments}"
    filename, content, mimetype = calendars[0]
    content = content.decode() if isinstance(content, bytes) else content
    assert mimetype.startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in content and "BEGIN:VEVENT" in content
    unfolded = content.replace("\r\n ", "").replace("\n ", "")
    assert "Samskabelse i praksis" in unfolded, unfolded
    # The whole message parses as MIME with the calendar as an attachment.
    parsed = message_from_bytes(message.message().as_bytes())
    assert any(part.get_content_type() == "text/calendar" for part in parsed.walk())
    assert event_title.split(":")[0] in message.subject or event_title.split(":")[0] in message.body


def test_registrant_journey(page, live_site, console_errors):
    """Register for the upcoming event, see the confirmation, get the
    calendar file by email; the same email again gets the polite message."""
    e = expect()
    email = unique_email()
    page.goto("/arrangementer/")
    page.get_by_role("link", name=re.compile("Samskabelse i praksis")).first.click()
    e(page).to_have_url(re.compile(re.escape(UPCOMING_EVENT) + "$"))
    title = page.locator("main h1").inner_text()

    fill_registration_with_mouse(page, "Karen Ærø", email)
    e(page).to_have_url(re.compile(r"\?tilmelding=bekraeftet#tilmelding$"))
    e(page.locator(".registration__message--success")).to_contain_text("Tak for din tilmelding")
    assert_confirmation_email(email, title)

    # The same email a second time: a polite message, no second registration.
    page.goto(UPCOMING_EVENT)
    fill_registration_with_mouse(page, "Karen Ærø", email.upper())
    e(page.get_by_role("alert")).to_contain_text("Du er allerede tilmeldt")
    e(page.get_by_role("alert")).to_contain_text(email)
    assert len([m for m in mail.outbox if email in m.to]) == 1

    from events.models import Registration

    assert Registration.objects.filter(email=email).count() == 1
    assert console_errors == [], "\n".join(console_errors)


def test_registrant_journey_keyboard_only(page, live_site, console_errors):
    e = expect()
    email = unique_email()
    page.goto("/arrangementer/")
    tab_to(page, text_contains("Samskabelse i praksis"), describe="the upcoming event")
    page.keyboard.press("Enter")
    e(page).to_have_url(re.compile(re.escape(UPCOMING_EVENT) + "$"))
    title = page.locator("main h1").inner_text()

    tab_to(page, name_is("name"), max_tabs=200, describe="the name field")
    page.keyboard.type("Søren Østergård")
    page.keyboard.press("Tab")
    assert focused(page)["name"] == "email"
    assert_focus_visible(page)
    page.keyboard.type(email)
    tab_to(page, text_is("Tilmeld"), describe="the 'Tilmeld' button")
    with time_machine.travel(time.time() + FORM_AGE_SECONDS, tick=True):
        page.keyboard.press("Enter")
        e(page).to_have_url(re.compile(r"\?tilmelding=bekraeftet#tilmelding$"))
    e(page.locator(".registration__message--success")).to_contain_text("Tak for din tilmelding")
    assert_confirmation_email(email, title)
    assert console_errors == [], "\n".join(console_errors)


# --- Journey 5: member -----------------------------------------------------


def download_link(page):
    return page.locator(".manifesto-download a.button")


def is_document_response(response):
    return "/documents/" in response.url and response.request.is_navigation_request()


def assert_pdf(page, response):
    """Chromium shows the PDF in its own viewer (Wagtail serves PDFs inline):
    the navigation's response is the proof that the member got the file."""
    assert response.status == 200, f"{response.url} answered {response.status}"
    assert response.header_value("content-type") == "application/pdf"
    expect()(page).to_have_url(re.compile(r"\.pdf$"))
    # The viewer replaces the body Playwright sees; fetch the same URL with
    # the member's session cookie to look at the bytes.
    again = page.context.request.get(response.url)
    assert again.ok and again.body()[:5] == b"%PDF-", "the member did not get a PDF"


def test_member_journey(page, live_site, console_errors):
    """An anonymous reader clicks the manifesto download, is sent to the
    members' login, logs in as the demo member and gets the PDF."""
    e = expect()
    page.goto(MANIFESTO)
    download_link(page).click()
    e(page).to_have_url(re.compile(r"/medlem/login/\?next=.*manifest"))
    e(page.locator("main h1")).to_have_text("Log ind som medlem")
    page.locator("main input[name=login]").fill(MEMBER[0])
    page.locator("main input[name=password]").fill(MEMBER[1])
    # Chromium's PDF viewer asks for a favicon the PDF does not have: check
    # the site's own pages before the PDF opens.
    assert console_errors == [], "\n".join(console_errors)
    with page.expect_response(is_document_response) as response_info:
        page.locator("main form").get_by_role("button", name="Log ind").click()
    assert_pdf(page, response_info.value)


def test_member_journey_keyboard_only(page, live_site, console_errors):
    e = expect()
    page.goto(MANIFESTO)
    tab_to(page, href_contains("/manifest/hent/"), describe="the manifesto download link")
    page.keyboard.press("Enter")
    e(page).to_have_url(re.compile(r"/medlem/login/\?next="))
    tab_to(page, name_is("login"), describe="the email field")
    page.keyboard.type(MEMBER[0])
    tab_to(page, name_is("password"), describe="the password field")
    page.keyboard.type(MEMBER[1])
    assert console_errors == [], "\n".join(console_errors)
    with page.expect_response(is_document_response) as response_info:
        page.keyboard.press("Enter")
    assert_pdf(page, response_info.value)
