"""The backend settings per database engine, and Elasticsearch's index
settings, mapping and query, checked without a server (the client is only
constructed, never called). With ELASTICSEARCH_URL set, a real round trip."""

import os

from django.conf import settings
from django.db import connection

import pytest

from search.tests.factories import article

ES_PARAMS = {
    "BACKEND": "search.backends.elasticsearch_danish",
    "URLS": [os.environ.get("ELASTICSEARCH_URL") or "http://localhost:9200"],
    "INDEX_PREFIX": "samskabelse_test_",
    "TIMEOUT": 10,
    "OPTIONS": {},
    "INDEX_SETTINGS": settings.ELASTICSEARCH_INDEX_SETTINGS,
}


def es_backend():
    from wagtail.search.backends import get_search_backend

    return get_search_backend(**{**ES_PARAMS, "INDEX_SETTINGS": dict(ES_PARAMS["INDEX_SETTINGS"])})


def test_default_backend_matches_the_database():
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    if connection.vendor == "sqlite":
        from search.backends.sqlite_danish import DanishSQLiteSearchBackend

        assert isinstance(backend, DanishSQLiteSearchBackend)
    elif connection.vendor == "postgresql":
        from search.backends.postgres_danish import DanishPostgresSearchBackend

        assert isinstance(backend, DanishPostgresSearchBackend)
        assert settings.WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] == "danish"
        assert backend.config == "danish"
        assert "django.contrib.postgres" in settings.INSTALLED_APPS


def test_elasticsearch_index_settings_use_the_danish_analyzer():
    backend = es_backend()
    analysis = backend.settings["settings"]["analysis"]
    default = analysis["analyzer"]["default"]
    assert default["type"] == "custom"
    # Danish stop words and stemmer, as the built-in `danish` analyzer has them.
    assert analysis["filter"]["danish_stop"] == {"type": "stop", "stopwords": "_danish_"}
    assert analysis["filter"]["danish_stemmer"] == {"type": "stemmer", "language": "danish"}
    chain = default["filter"]
    assert chain.index("lowercase") < chain.index("danish_decompounder") < chain.index("danish_stemmer")
    assert chain.index("danish_folding") < chain.index("danish_stemmer")
    # Wagtail's own autocomplete analyzers are kept next to ours.
    assert "edgengram_analyzer" in analysis["analyzer"]


def test_elasticsearch_decompounder_has_the_danish_word_list():
    from search import lexicon

    decompounder = es_backend().settings["settings"]["analysis"]["filter"]["danish_decompounder"]
    assert decompounder["type"] == "dictionary_decompounder"
    words = set(decompounder["word_list"])
    # The parts of the compounds, from the same list the database backends use.
    assert {"bevægelse", "løber", "front", "cases", "velfærd", "udfordring"} <= words
    assert "else" not in words and "erne" not in words  # endings, not parts
    assert decompounder["min_subword_size"] == lexicon.MIN_PART
    assert decompounder["min_word_size"] == lexicon.MIN_COMPOUND


def test_elasticsearch_folding_keeps_the_original_and_adds_ae_oe_aa():
    filters = es_backend().settings["settings"]["analysis"]["filter"]
    folding = filters["danish_folding"]
    assert folding["type"] == "multiplexer" and folding["preserve_original"] is True
    chain = [name.strip() for name in folding["filters"][0].split(",")]
    replaced = {filters[name]["pattern"]: filters[name]["replacement"] for name in chain}
    assert replaced == {"æ": "ae", "ø": "oe", "å": "aa"}


@pytest.mark.django_db
def test_elasticsearch_query_ranks_exact_words_above_the_expansion(home_page):
    from news.models import ArticlePage
    from search.backends.elasticsearch_danish import EXACT_BOOST, FUZZINESS

    article(home_page, "Samskabelsesbevægelsen", body_text="Velfærd og frontløbercases.")
    backend = es_backend()
    compiler = backend.query_compiler_class(ArticlePage.objects.live().public(), "velfaerd", operator="and")
    query = compiler.get_inner_query()
    exact, expanded = query["bool"]["should"]
    assert exact["multi_match"]["query"] == "velfaerd" and exact["multi_match"]["boost"] == EXACT_BOOST
    alternatives = [c["multi_match"]["query"] for c in expanded["bool"]["must"][0]["bool"]["should"]]
    assert "velfærd" in alternatives  # ae read as æ, from the vocabulary
    assert all(
        c["multi_match"]["fuzziness"] == FUZZINESS == "AUTO:5,9" for c in expanded["bool"]["must"][0]["bool"]["should"]
    )


@pytest.mark.django_db
def test_elasticsearch_index_name_has_the_prefix():
    from wagtail.models import Page

    from news.models import ArticlePage

    backend = es_backend()
    assert backend.get_index_for_model(ArticlePage).name == "samskabelse_test_wagtailcore_page"
    assert backend.get_index_for_model(Page).name.startswith("samskabelse_test_")


@pytest.mark.django_db
def test_elasticsearch_mapping_and_query_body():
    from news.models import ArticlePage

    backend = es_backend()
    mapping = backend.mapping_class(ArticlePage).get_mapping()
    properties = mapping["properties"]
    intro = next(v for k, v in properties.items() if k.endswith("intro"))
    assert intro["type"] == "text"
    assert "analyzer" not in intro  # so the index's default (Danish) analyzer applies
    title = properties["title"]
    assert title.get("boost", 1) >= intro.get("boost", 1)
    compiler = backend.query_compiler_class(ArticlePage.objects.live().public(), "kommunerne")
    query = compiler.get_query()
    assert "kommunerne" in str(query)


def test_elasticsearch_settings_block_is_used_with_elasticsearch_url():
    """The settings module picks Elasticsearch when ELASTICSEARCH_URL is set."""
    import importlib
    import sys

    env = {"ELASTICSEARCH_URL": "http://es.example:9200", "ELASTICSEARCH_INDEX_PREFIX": "demo_"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        sys.modules.pop("movement.settings.base", None)
        base = importlib.import_module("movement.settings.base")
        backend = base.WAGTAILSEARCH_BACKENDS["default"]
        assert backend["BACKEND"] == "search.backends.elasticsearch_danish"
        assert backend["URLS"] == ["http://es.example:9200"]
        assert backend["INDEX_PREFIX"] == "demo_"
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        sys.modules.pop("movement.settings.base", None)
        importlib.import_module("movement.settings.base")


@pytest.mark.django_db
@pytest.mark.skipif(not os.environ.get("ELASTICSEARCH_URL"), reason="needs ELASTICSEARCH_URL")
def test_elasticsearch_round_trip_finds_danish_inflections(home_page):
    from news.models import ArticlePage

    backend = es_backend()
    page = article(home_page, "Velfærd på tværs", body_text="Kommunerne går sammen om samskabelsen.")
    other = article(home_page, "Cykler", body_text="Om hjul.")
    index = backend.get_index_for_model(ArticlePage)
    index.delete()
    index.put()
    try:
        index.add_model(ArticlePage)
        index.add_items(ArticlePage, [page, other])
        index.refresh()
        found = list(backend.search("kommune", ArticlePage.objects.live().public()))
        assert [p.pk for p in found] == [page.pk]
        found = list(backend.search("samskabelse", ArticlePage.objects.live().public()))
        assert [p.pk for p in found] == [page.pk]
    finally:
        index.delete()
