"""Wagtail's PostgreSQL database backend, title weighted up, queries expanded.

Danish stemming comes from PostgreSQL itself (`SEARCH_CONFIG: "danish"`).
This subclass adds:

* ranking: modelsearch adds the title vector's rank (times the title length
  norm) to the body vector's rank, so an intro that says the word once ranks
  level with a title that is the word. Multiplying the title rank by
  `TITLE_WEIGHT` puts a title match above an intro match above a body match,
  as on SQLite (search/backends/sqlite_danish.py);
* the query expansion of search/lexicon.py (compounds, ae/oe/aa, typos,
  prefixes, synonyms) as one `to_tsquery`, the words passed as written so
  PostgreSQL stems them; a hit of only the extra words ranks below every
  exact hit (`EXTRA_PENALTY`);
* the vocabulary: the words of every indexed page go to `IndexedWord`.
"""

from functools import reduce

from django.contrib.postgres.search import SearchQuery
from django.db.models import Case, F, FloatField, Q, Value, When

from modelsearch.backends.database.postgres import postgres as base
from modelsearch.backends.database.postgres.query import Lexeme
from modelsearch.query import PlainText
from modelsearch.utils import get_content_type_pk

from search import lexicon
from search.backends import EXTRA_PENALTY, TITLE_WEIGHT


def _alternatives(alternatives, skip=()):
    seen, out = set(skip), []
    for alternative in alternatives:
        key = tuple(dict.fromkeys(alternative))
        if not key or key in seen:
            continue
        seen.add(key)
        out.append(reduce(lambda a, b: a & b, [Lexeme(word) for word in key]))
    return out


def tsquery_lexemes(expansion):
    """(exact, full) Lexeme trees; full is None when nothing was added."""
    combine = (lambda a, b: a & b) if expansion.operator == "and" else (lambda a, b: a | b)
    exact_slots, full_slots, extra = [], [], False
    for slot in expansion.slots:
        exact = _alternatives(slot.exact)
        if not exact:
            continue
        more = _alternatives(slot.extra, skip={tuple(dict.fromkeys(a)) for a in slot.exact})
        extra = extra or bool(more)
        exact_slots.append(reduce(lambda a, b: a | b, exact))
        full_slots.append(reduce(lambda a, b: a | b, exact + more))
    if not exact_slots:
        return None, None
    return reduce(combine, exact_slots), (reduce(combine, full_slots) if extra else None)


class DanishPostgresSearchQueryCompiler(base.PostgresSearchQueryCompiler):
    def _lexemes(self, query):
        cache = self.__dict__.setdefault("_lexeme_cache", {})
        key = (query.query_string, query.operator)
        if key not in cache:
            cache[key] = tsquery_lexemes(lexicon.expand(query.query_string, query.operator))
        return cache[key]

    def build_tsquery_content(self, query, config=None, invert=False):
        if isinstance(query, PlainText) and not invert:
            exact, full = self._lexemes(query)
            if exact is None:
                return SearchQuery("", search_type="raw", config=config)
            return SearchQuery(full or exact, search_type="raw", config=config)
        return super().build_tsquery_content(query, config=config, invert=invert)

    def get_index_vectors(self, search_query):
        return [
            (F("index_entries__title"), F("index_entries__title_norm") * TITLE_WEIGHT),
            (F("index_entries__body"), 1.0),
        ]

    def _build_rank_expression(self, vectors, config):
        rank = super()._build_rank_expression(vectors, config)
        query = self.query
        if isinstance(query, PlainText) and self.fields is None:
            exact, full = self._lexemes(query)
            if full is not None:
                exact_query = SearchQuery(exact, search_type="raw", config=config)
                rank = rank + Case(
                    When(Q(_vector_=exact_query), then=Value(0.0)),
                    default=Value(-EXTRA_PENALTY),
                    output_field=FloatField(),
                )
        return rank


class DanishPostgresIndex(base.PostgresIndex):
    def add_items(self, model, objs):
        """modelsearch's add_items, then the vocabulary from the plain text it
        has just written (one query; reading every field of every object a
        second time made indexing 10,000 articles some 40 % slower)."""
        super().add_items(model, objs)
        if not model.get_search_fields() or not objs:
            return
        entries = base.IndexEntry._default_manager.filter(
            content_type_id=get_content_type_pk(model), object_id__in=[str(obj.pk) for obj in objs]
        ).values_list("title_text", "body_text")
        lexicon.record(text for pair in entries for text in pair)


class DanishPostgresSearchResults(base.PostgresSearchResults):
    def ranked_ids(self):
        """The ids of this slice of the ranking, best first: the ranking query
        selects the ids only, no page rows (search/views.py keeps them)."""
        return list(self.get_queryset().values_list("pk", flat=True))


class DanishPostgresSearchBackend(base.PostgresSearchBackend):
    query_compiler_class = DanishPostgresSearchQueryCompiler
    results_class = DanishPostgresSearchResults
    index_class = DanishPostgresIndex


SearchBackend = DanishPostgresSearchBackend
