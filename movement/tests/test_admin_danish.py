"""No English left in what an editor sees: walk the admin's create forms of
every page type and snippet and check each label against English words."""

import re

from django.urls import reverse

from wagtail.models import get_page_models
from wagtail.snippets.models import get_snippet_models
from wagtail.test.utils import WagtailTestUtils

import pytest

# Words that only appear in a label if someone forgot a verbose_name/label.
ENGLISH_WORDS = {
    "title",
    "date",
    "body",
    "image",
    "images",
    "tags",
    "tag",
    "category",
    "categories",
    "author",
    "authors",
    "venue",
    "host",
    "name",
    "role",
    "description",
    "heading",
    "caption",
    "quote",
    "document",
    "link",
    "page",
    "settings",
    "related",
    "published",
    "event",
    "events",
    "speaker",
    "speakers",
    "session",
    "sessions",
    "registration",
    "deadline",
    "capacity",
    "waitlist",
    "waiting",
    "start",
    "end",
    "kind",
    "part",
    "participants",
    "question",
    "questions",
    "theme",
    "address",
    "logo",
    "url",
    "organiser",
    "organisers",
    "facilitator",
    "lead",
    "text",
    "email",
    "phone",
    "footer",
    "principle",
    "principles",
    "number",
    "members",
    "only",
    "show",
    "share",
    "summary",
    "order",
    "item",
    "items",
    "level",
    "attribution",
    "button",
    "sub",
}
# Danish words that look like English ones in the list above.
ALLOWED = {"start", "program", "logo", "tag", "tags", "link", "url", "e-mail", "email", "facilitator"}

LABEL_RE = re.compile(r"<label[^>]*>(.*?)</label>", re.S)
LEGEND_RE = re.compile(r'<h2 class="w-panel__heading[^"]*"[^>]*>(.*?)</h2>', re.S)
TAG_RE = re.compile(r"<[^>]+>")


def _labels(html):
    texts = LABEL_RE.findall(html) + LEGEND_RE.findall(html)
    return {re.sub(r"\s+", " ", TAG_RE.sub(" ", text)).strip() for text in texts}


def _english_words(labels):
    found = {}
    for label in labels:
        for word in re.findall(r"[A-Za-z]+", label):
            lower = word.lower()
            if lower in ENGLISH_WORDS and lower not in ALLOWED:
                found.setdefault(label, []).append(word)
    return found


@pytest.fixture
def admin_client(client, demo_site):
    user = WagtailTestUtils.create_superuser("sprogtjek", password="pw")
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_page_create_forms_are_danish(admin_client, demo_site):
    from wagtail.models import Page

    problems = {}
    for model in get_page_models():
        if model is Page or model._meta.app_label not in {"home", "news", "events", "manifesto", "movement"}:
            continue
        parent = next(
            (p for p in Page.objects.all().specific() if model in p.specific_class.allowed_subpage_models()), None
        )
        if parent is None or not model.can_create_at(parent):
            # A singleton that exists already: check its edit form instead.
            instance = model.objects.first()
            assert instance is not None, f"no way to open a form for {model.__name__}"
            url = reverse("wagtailadmin_pages:edit", args=[instance.pk])
        else:
            url = reverse("wagtailadmin_pages:add", args=[model._meta.app_label, model._meta.model_name, parent.pk])
        response = admin_client.get(url)
        assert response.status_code == 200, url
        found = _english_words(_labels(response.content.decode()))
        if found:
            problems[model.__name__] = found
    assert not problems, problems


@pytest.mark.django_db
def test_snippet_create_forms_are_danish(admin_client):
    problems = {}
    for model in get_snippet_models():
        if model._meta.app_label not in {"news", "events", "manifesto", "movement", "search"}:
            continue
        url = reverse(model.snippet_viewset.get_url_name("add"))
        response = admin_client.get(url)
        if response.status_code == 403:
            continue  # read-only snippets (e.g. registrations) have no add form
        assert response.status_code == 200, url
        found = _english_words(_labels(response.content.decode()))
        if found:
            problems[model.__name__] = found
    assert not problems, problems


@pytest.mark.django_db
def test_models_have_danish_verbose_names_and_help_texts():
    from django.apps import apps

    missing = []
    for app_label in ("home", "news", "events", "manifesto", "movement"):
        for model in apps.get_app_config(app_label).get_models():
            # Set explicitly (Danish "person" happens to equal the default).
            if "verbose_name" not in model._meta.original_attrs:
                missing.append(f"{model.__name__}: no verbose_name")
    assert not missing, missing


@pytest.mark.django_db
def test_data_from_wagtails_migrations_has_danish_names():
    from django.contrib.auth.models import Group

    from wagtail.models import Page, Task, Workflow

    assert set(Group.objects.values_list("name", flat=True)) >= {"Redaktører", "Godkendere"}
    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert not Task.objects.filter(name="Moderators approval").exists()
    assert Page.get_first_root_node().title == "Rod"


@pytest.mark.django_db
def test_block_previews_use_the_site_styles_and_danish_sample_content(admin_client):
    from news.models import ArticlePage

    stream_block = ArticlePage._meta.get_field("body").stream_block
    heading = stream_block.child_blocks["heading"]
    assert str(heading.meta.description)
    response = admin_client.get(reverse("wagtailadmin_block_preview"), {"id": heading.definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Samskabelsen rykkede i 2017" in html
    assert "movement/css/site" in html
    for name, block in stream_block.child_blocks.items():
        assert str(getattr(block.meta, "description", "") or ""), f"block {name} has no description"
