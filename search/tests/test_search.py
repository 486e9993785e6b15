"""The search page and type-ahead, through the test client on the real
database and the configured (Danish) search backend."""

import json

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import PageViewRestriction

import pytest

from search.tests.factories import article, neutral_home

pytestmark = pytest.mark.django_db


@pytest.fixture
def home(home_page):
    """The bare home page, with text that no test searches for."""
    return neutral_home(home_page)


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def search(client, **params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 200, response.content[:500]
    return response


def titles(response):
    return [hit["page"].title for hit in response.context["hits"]]


# --- Danish ------------------------------------------------------------------


def test_inflected_forms_are_found(client, home):
    article(home, "Velfærd på tværs", body_text="Kommunerne går sammen om samskabelsen af velfærd.")
    article(home, "Noget helt andet", body_text="Cykler og biler.")
    assert titles(search(client, q="kommune")) == ["Velfærd på tværs"]
    assert titles(search(client, q="samskabelse")) == ["Velfærd på tværs"]
    assert titles(search(client, q="Kommunernes")) == ["Velfærd på tværs"]


def test_danish_letters_are_kept(client, home):
    article(home, "Gåsen i gården", body_text="En gås og æbler i haven ved søen.")
    article(home, "Gas og benzin", body_text="Priserne på gas stiger.")
    assert titles(search(client, q="gås")) == ["Gåsen i gården"]
    assert titles(search(client, q="gas")) == ["Gas og benzin"]
    assert titles(search(client, q="æbler")) == ["Gåsen i gården"]
    assert titles(search(client, q="søen")) == ["Gåsen i gården"]


def test_title_ranks_above_intro_above_body(client, home):
    article(home, "Om cykler", body_text="Her står der noget om medborgerskab i brødteksten.")
    article(home, "Om biler", intro="Indledningen handler om medborgerskab.")
    article(home, "Medborgerskab i praksis", body_text="Intet andet.")
    assert titles(search(client, q="medborgerskab")) == ["Medborgerskab i praksis", "Om biler", "Om cykler"]


def test_stop_words_do_not_hide_results(client, home):
    article(home, "Samskabelse", intro="Hvad samskabelse betyder.")
    assert titles(search(client, q="hvad er samskabelse")) == ["Samskabelse"]


# --- What is never found -----------------------------------------------------


def test_drafts_are_never_found(client, home):
    article(home, "Hemmelig kladde", body_text="Kladdeord zebraflod.", live=False)
    published = article(home, "Offentlig", body_text="Offentlig tekst.")
    # A new draft of a live page: its text is not searchable until published.
    published.body = [("paragraph", "<p>Hemmeligt udkast zebraflod.</p>")]
    published.save_revision()
    assert titles(search(client, q="zebraflod")) == []
    assert search(client, q="Hemmelig kladde").context["result_count"] == 0


def test_private_pages_are_never_found(client, home):
    page = article(home, "Kun for medlemmer", body_text="Medlemstekst om zebraflod.")
    PageViewRestriction.objects.create(page=page, restriction_type=PageViewRestriction.LOGIN)
    assert titles(search(client, q="zebraflod")) == []
    response = client.get(reverse("search_autocomplete"), {"q": "Kun for"})
    assert response.json()["results"] == []


def test_index_follows_publishing(client, home):
    page = article(home, "Først", body_text="Ordet regnbueørred.")
    assert titles(search(client, q="regnbueørred")) == ["Først"]
    page.unpublish()
    assert titles(search(client, q="regnbueørred")) == []
    page.refresh_from_db()
    page.body = [("paragraph", "<p>Nu om laksefisk.</p>")]
    page.save_revision().publish()
    assert titles(search(client, q="regnbueørred")) == []
    assert titles(search(client, q="laksefisk")) == ["Først"]
    page.delete()
    assert titles(search(client, q="laksefisk")) == []


# --- The page ------------------------------------------------------------------


def test_hit_shows_type_title_date_and_highlighted_excerpt(client, home):
    article(
        home,
        "Velfærd på tværs",
        body_text="Indledende ord. Kommunerne går sammen om samskabelsen af velfærd.",
    )
    response = search(client, q="kommune")
    html = response.content.decode()
    assert "Nyhed" in html
    assert "<mark>Kommunerne</mark>" in html
    hit = response.context["hits"][0]
    assert hit["type"] == "Nyhed"
    assert hit["date"] is not None
    assert hit["date"].strftime("%Y") in html
    assert "1 resultat for" in html


def test_filter_by_type(client, home):
    article(home, "Samskabelse i nyhederne")
    from movement.models import PrinciplesPage

    principles = PrinciplesPage(title="Principper for samskabelse", slug="principper")
    home.add_child(instance=principles)
    principles.save_revision().publish()
    everything = titles(search(client, q="samskabelse"))
    assert sorted(everything) == ["Principper for samskabelse", "Samskabelse i nyhederne"]
    assert titles(search(client, q="samskabelse", type="nyhed")) == ["Samskabelse i nyhederne"]
    assert titles(search(client, q="samskabelse", type="principper")) == ["Principper for samskabelse"]


def test_filter_by_tag(client, home):
    tagged = article(home, "Ledelse og samskabelse")
    article(home, "Samskabelse uden emne")
    tagged.tags.add("Ledelse")
    tagged.save_revision().publish()
    response = search(client, q="samskabelse", tag="ledelse")
    assert titles(response) == ["Ledelse og samskabelse"]
    assert ("ledelse", "Ledelse") in response.context["tag_choices"]


def test_pagination_and_count(client, home):
    for n in range(12):
        article(home, f"Samskabelse nummer {n}")
    first = search(client, q="samskabelse")
    assert first.context["result_count"] == 12
    assert len(first.context["hits"]) == 10
    second = search(client, q="samskabelse", page=2)
    assert len(second.context["hits"]) == 2
    assert not set(titles(first)) & set(titles(second))
    assert 'rel="next"' in first.content.decode()


def test_nothing_found_is_helpful(client, home):
    response = search(client, q="xyzzyqwerty")
    html = response.content.decode()
    assert response.context["result_count"] == 0
    assert "Vi fandt intet" in html
    assert "Tjek stavningen" in html


def test_search_runs_a_constant_number_of_queries(client, home, django_assert_num_queries):
    for n in range(15):
        article(home, f"Samskabelse {n}", intro="Om kommunerne.", body_text="Mere tekst om kommunerne.")
    article(home, "Andet emne")

    def count_queries(q):
        with CaptureQueriesContext(connection) as ctx:
            search(client, q=q)
        return len(ctx.captured_queries)

    count_queries("kommune")  # warm the content type cache
    assert len(search(client, q="samskabelse 1").context["hits"]) == 1
    assert len(search(client, q="samskabelse").context["hits"]) == 10
    assert count_queries("samskabelse 1") == count_queries("samskabelse")


# --- Bad input ------------------------------------------------------------------

BAD_QUERIES = [
    "",
    "   ",
    "a" * 1000,
    '"kommune',
    '"',
    "*",
    "kommune*",
    "AND",
    "kommune AND OR NOT NEAR",
    "NEAR(kommune velfærd)",
    "(kommune",
    ")",
    "kommune\x00velfærd",
    "\x00",
    "'; DROP TABLE wagtailcore_page; --",
    "1' OR '1'='1",
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "title:kommune",
    "{title body} : kommune",
    "^kommune",
    "kommune -velfærd",
    "+",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_input_gives_a_normal_page(client, home, query):
    article(home, "Kommunerne", body_text="<script> kommunerne</script>")
    response = client.get(reverse("search"), {"q": query})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    response = client.get(reverse("search_autocomplete"), {"q": query})
    assert response.status_code == 200
    assert "results" in response.json()


def test_operator_words_are_not_searched(client, home):
    article(home, "Kommunerne og regionerne")
    assert titles(search(client, q="kommune AND region")) == ["Kommunerne og regionerne"]


def test_html_in_page_text_is_escaped_in_excerpts(client, home):
    article(home, "Escaping", intro="Kommunen skrev <b>fed</b> & <script>x()</script>.")
    html = search(client, q="kommune").content.decode()
    assert "&lt;b&gt;fed&lt;/b&gt;" in html
    assert "<script>x()" not in html


@pytest.mark.parametrize(
    "params",
    [{"q": "x", "type": "ukendt"}, {"q": "x", "page": "abc"}, {"q": "x", "page": "0"}],
)
def test_bad_filter_parameters_get_400_with_message(client, home, params):
    response = client.get(reverse("search"), params)
    assert response.status_code == 400
    assert "search__errors" in response.content.decode()


def test_page_beyond_last_shows_last_page(client, home):
    article(home, "Samskabelse")
    response = search(client, q="samskabelse", page=99)
    assert titles(response) == ["Samskabelse"]


# --- Autocomplete ------------------------------------------------------------------


def test_autocomplete_from_two_letters(client, home):
    article(home, "Samskabelse i kommunerne")
    article(home, "Velfærd")
    url = reverse("search_autocomplete")
    assert client.get(url, {"q": "s"}).json() == {"query": "s", "results": []}
    data = client.get(url, {"q": "sa"}).json()
    assert data["query"] == "sa"
    assert [r["title"] for r in data["results"]] == ["Samskabelse i kommunerne"]
    result = data["results"][0]
    assert result["type"] == "Nyhed"
    assert result["url"].startswith("/")
    data = client.get(url, {"q": "samskabelse komm"}).json()
    assert [r["title"] for r in data["results"]] == ["Samskabelse i kommunerne"]


def test_autocomplete_never_shows_drafts(client, home):
    article(home, "Samskabelsesudkast", live=False)
    assert client.get(reverse("search_autocomplete"), {"q": "samsk"}).json()["results"] == []


def test_search_form_uses_autocomplete_as_enhancement(client, home):
    html = search(client, q="").content.decode()
    assert 'data-autocomplete-url="/search/autocomplete/"' in html
    assert 'name="q"' in html


# --- API -------------------------------------------------------------------------


def test_api_search_is_danish_aware(client, home):
    article(home, "Velfærd på tværs", body_text="Kommunerne går sammen.")
    article(home, "Cykler")
    response = client.get("/api/v2/pages/", {"search": "kommune"})
    assert response.status_code == 200
    data = json.loads(response.content)
    assert [item["title"] for item in data["items"]] == ["Velfærd på tværs"]


# --- Tags and people's names (indexed by the page types' search_fields) -----------


def test_tags_are_indexed(client, home):
    tagged = article(home, "En artikel", body_text="Intet særligt.")
    tagged.tags.add("Velfærdsudvikling")
    tagged.save_revision().publish()
    assert titles(search(client, q="velfærdsudvikling")) == ["En artikel"]


def test_author_names_are_indexed(client, home):
    from movement.demo import person
    from news.models import ArticleAuthor

    page = article(home, "En artikel", body_text="Intet særligt.")
    ArticleAuthor.objects.create(page=page, person=person("Jacob Torfing", "Professor", "RUC"))
    page.save_revision().publish()
    assert titles(search(client, q="Torfing")) == ["En artikel"]


def test_moving_under_a_private_section_hides_the_page(client, home):
    from news.models import NewsIndexPage

    page = article(home, "Flytbar", body_text="Ordet regnbueørred.")
    private = NewsIndexPage(title="Interne nyheder", slug="interne")
    home.add_child(instance=private)
    private.save_revision().publish()
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
    assert titles(search(client, q="regnbueørred")) == ["Flytbar"]
    page.move(private, pos="last-child")
    assert titles(search(client, q="regnbueørred")) == []


def test_demo_site_search(client, demo_site):
    response = search(client, q="samskabelse")
    assert response.context["result_count"] > 0
    assert "<mark>" in response.content.decode()
    assert client.get(reverse("search_autocomplete"), {"q": "ny"}).status_code == 200
