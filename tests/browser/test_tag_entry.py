"""Tag entry never loses what the editor typed (issue 20), with real
keystrokes in Chromium.

Wagtail 8.0's tag widget (jQuery tag-it with a jQuery UI autocomplete)
made no chip when an existing tag was typed while its suggestion was on
screen ("ledelse" for "Ledelse") and Enter, Tab or comma was pressed, and
dropped the text on publish. movement/static/movement/admin/tag-entry.js
fixes it; these tests type as an editor does and wait for the suggestion
menu first, because the menu being open is what broke it."""

import pytest

from .test_editor_journeys import admin_login, page_id, publish

pytestmark = pytest.mark.browser


def expect():
    from playwright.sync_api import expect as playwright_expect

    return playwright_expect


def chips(page):
    return page.locator("ul.tagit li.tagit-choice .tagit-label")


def type_tag(page, text, wait_for_suggestion):
    """Type into the tag field key by key; wait until the autocomplete
    suggests `wait_for_suggestion` (the state in which tags were lost)."""
    tag_input = page.locator("ul.tagit input.ui-autocomplete-input").first
    tag_input.click()
    page.keyboard.type(text, delay=30)
    if wait_for_suggestion:
        expect()(page.locator("ul.ui-autocomplete:visible li", has_text=wait_for_suggestion).first).to_be_visible()
    return tag_input


def new_article(page, live_site, title):
    from django.utils import timezone

    news_index_id = page_id(live_site, "news.NewsIndexPage", "nyheder")
    page.goto(f"/admin/pages/add/news/articlepage/{news_index_id}/")
    page.locator("#id_title").fill(title)
    page.locator("#id_date").fill(timezone.localdate().strftime("%d.%m.%Y"))
    page.keyboard.press("Escape")
    page.locator("#id_intro").fill("Et indlæg, der prøver emnefeltet af med tastaturet.")
    page.locator("#id_category-chooser .chooser__choose-button").click()
    modal = page.locator(".modal-dialog")
    modal.get_by_role("link", name="Artikel", exact=True).click()
    expect()(modal).to_be_hidden()


def saved_tags(title):
    from news.models import ArticlePage

    return sorted(ArticlePage.objects.get(title=title).tags.values_list("name", flat=True))


def test_tag_entry_keeps_what_was_typed(page, live_site):
    """One article form (one login, one publish, to stay lean), typed key by key:
    - an existing tag in another case + Enter, Tab, comma while its
      suggestion is on screen: a chip each time, spelled as the existing tag;
    - the same tag typed again in capitals: no second chip;
    - arrow down onto a suggestion + Enter: the suggestion (Wagtail's way);
    - a new tag with æøå and spaces, left by clicking elsewhere: a chip;
    - a tag typed and never accepted, suggestion menu open, then Publish:
      saved.
    Then the page has exactly those tags and no case-variant duplicate."""
    from news.models import ArticleTag

    e = expect()
    admin_login(page)
    title = "Emner skrevet med tastaturet"
    new_article(page, live_site, title)
    tag_input = page.locator("ul.tagit input.ui-autocomplete-input").first

    for typed, existing, key in [
        ("ledelse", "Ledelse", "Enter"),
        ("samskabelse og innovation", "Samskabelse og Innovation", "Tab"),
        ("velfærdsudvikling", "Velfærdsudvikling", ","),
    ]:
        type_tag(page, typed, wait_for_suggestion=existing)
        page.keyboard.press(key)
        e(chips(page).last, f"{typed!r} + {key}").to_have_text(f'"{existing}"' if " " in existing else existing)
        if key != "Tab":
            e(tag_input).to_have_value("")
            e(tag_input).to_be_focused()
    e(chips(page)).to_have_count(3)

    type_tag(page, "LEDELSE", wait_for_suggestion=None)
    page.keyboard.press("Enter")
    e(chips(page)).to_have_count(3)

    type_tag(page, "strat", wait_for_suggestion="Strategirealisering")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    e(chips(page).last).to_have_text("Strategirealisering")

    # Wagtail quotes a tag with spaces in its chip; it is saved without.
    type_tag(page, "Grøn fællesskabsøkonomi på Ærø", wait_for_suggestion=None)
    page.locator("#id_title").click()
    e(chips(page).last).to_have_text('"Grøn fællesskabsøkonomi på Ærø"')

    ArticleTag.objects.get_or_create(name="Bæredygtighed", defaults={"slug": "bæredygtighed"})
    type_tag(page, "bæredygtighed", wait_for_suggestion="Bæredygtighed")
    publish(page)
    e(page.locator(".messages")).to_contain_text(title)
    assert saved_tags(title) == sorted(
        [
            "Grøn fællesskabsøkonomi på Ærø",
            "Ledelse",
            "Samskabelse og Innovation",
            "Strategirealisering",
            "Velfærdsudvikling",
            "Bæredygtighed",
        ]
    )
    for name in ("ledelse", "velfærdsudvikling", "bæredygtighed"):
        assert ArticleTag.objects.filter(name__iexact=name).count() == 1, name
