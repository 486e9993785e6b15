"""Wagtail's SQLite FTS5 search backend, made to understand Danish.

FTS5 has no Danish stemmer, so this backend stems on the way in and on the way
out with Snowball's Danish stemmer:

* indexing: the title and body written to the index entry (and so, through
  modelsearch's triggers, to the FTS5 table) are the *stems* of the words, so
  "Kommunerne" is stored as "kommun";
* querying: each query word is stemmed the same way, so "kommune" asks for
  "kommun" and finds "kommunerne".

FTS5's default tokenizer folds "å" to "a" ("gås" would match "gas"), so stems
store "å" as "aa", the old Danish spelling of the same letter; æ and ø are
kept by the tokenizer as they are. The autocomplete column is left unstemmed:
type-ahead matches prefixes of the real title.

Ranking: modelsearch's SQLite backend ignores field boosts and weighs every
column alike. Here bm25 weighs the title column `TITLE_WEIGHT` times the body,
and a boosted field (an intro with `boost=2`) is written `round(boost)` times
into the body, so a title match beats an intro match beats a body match.

Use it as the only (default) backend on a SQLite database; two database
backends share one index table and would overwrite each other's entries.
"""

from functools import reduce

from django.db.models import Case, FloatField, Func, IntegerField, Value, When
from django.db.models.functions import Cast

from modelsearch.backends.database.sqlite import sqlite as base
from modelsearch.backends.database.sqlite.query import (
    Lexeme,
    SearchQueryExpression,
    SQLiteFTSIndexEntry,
)
from modelsearch.index import SearchField
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from search.backends import BODY_WEIGHT, TITLE_WEIGHT
from search.text import query_stems, stem_text, words


def fts_text(text):
    """Stemmed text as stored in, and asked of, the FTS5 table."""
    return stem_text(text).replace("å", "aa")


def fts_terms(query_string):
    return [stem.replace("å", "aa") for stem in query_stems(query_string)]


class DanishObjectIndexer(base.ObjectIndexer):
    def _texts(self, want_title):
        texts = []
        for field in self.search_fields:
            for current_field, value in self.prepare_field(self.obj, field):
                if not isinstance(current_field, SearchField):
                    continue
                if (current_field.field_name == "title") != want_title:
                    continue
                repeat = 1 if want_title else max(1, round(current_field.boost or 1))
                texts.extend([value] * repeat)
        return fts_text(" ".join(texts))

    @property
    def title(self):
        return self._texts(want_title=True)

    @property
    def body(self):
        return self._texts(want_title=False)


class DanishSQLiteIndex(base.SQLiteIndex):
    indexer_class = DanishObjectIndexer

    def add_items(self, model, objs):
        """modelsearch's add_items with our indexer (it names its own class
        directly, so this cannot be a one-line override)."""
        if not model.get_search_fields():
            return
        indexers = [self.indexer_class(obj, self.backend) for obj in objs]
        if not indexers:
            return
        content_type_pk = get_content_type_pk(model)
        data = {ix.id: (ix.title, ix.autocomplete, ix.body) for ix in indexers}
        entries = self.entries.filter(content_type_id=content_type_pk)
        existing = set(entries.filter(object_id__in=data.keys()).values_list("object_id", flat=True))
        for object_id in existing:
            title, autocomplete, body = data[object_id]
            entries.filter(object_id=object_id).update(title=title, autocomplete=autocomplete, body=body)
        self.entries.bulk_create(
            [
                base.IndexEntry(
                    content_type_id=content_type_pk,
                    object_id=object_id,
                    title=title,
                    autocomplete=autocomplete,
                    body=body,
                )
                for object_id, (title, autocomplete, body) in data.items()
                if object_id not in existing
            ]
        )
        self._refresh_title_norms()


class WeightedBM25(Func):
    """bm25() with per-column weights; FTS5 columns are (autocomplete, body, title)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        table = SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, 0.0, {BODY_WEIGHT}, {TITLE_WEIGHT})", []


class DanishSearchQueryCompiler(base.SQLiteSearchQueryCompiler):
    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            terms = fts_terms(query.query_string)
            if not terms:
                return None
            lexemes = [Lexeme(term) for term in terms]
            if query.operator.upper() == "AND":
                combined = reduce(lambda a, b: a & b, lexemes)
            else:
                combined = reduce(lambda a, b: a | b, lexemes)
            return SearchQueryExpression(combined, config=config)
        if isinstance(query, Phrase):
            terms = fts_terms(query.query_string)
            if not terms:
                return None
            return SearchQueryExpression(" ".join(terms))
        return super().build_search_query_content(query, config=config)

    def _build_rank_expression(self, vectors, config):
        # bm25 is negative, lower is better: modelsearch orders ascending.
        return WeightedBM25()

    def search(self, config, start, stop, score_field=None):
        normalized = base.normalize(self.query)
        if self._has_no_terms(normalized):
            # Only punctuation, `*`, quotes...: nothing to match, no FTS syntax error.
            return self.queryset.none()
        if not self.order_by_relevance or isinstance(normalized, (base.MatchAll, base.Not)):
            return super().search(config, start, stop, score_field=score_field)
        return self._ranked_page(config, start, stop, score_field)

    # modelsearch ranks with a *correlated* subquery: the FTS MATCH and bm25()
    # run once per candidate row, so a search over 10,000 articles took
    # seconds. Here the MATCH runs once per question: SQLite scores the hits
    # the caller's queryset allows (a plain `IN` subquery), sorts them and
    # returns one page of ids; a second query counts them. No hit crosses
    # into Python but the page shown. A page is indexed under one content
    # type only (its specific type), so an object id appears once.

    def _hits(self, config):
        normalized = base.normalize(self.query)
        search_query = self.build_search_query(normalized, config=config)
        match_expression = base.MatchExpression(self.fields or self.FTS_TABLE_FIELDS, search_query)
        return (
            base.SQLiteFTSIndexEntry.objects.filter(match_expression)
            .filter(index_entry__content_type__in=base.get_descendants_content_types_pks(self.queryset.model))
            .filter(index_entry__object_id__in=self.queryset.order_by().values("pk"))
        )

    def count_hits(self, config):
        return self._hits(config).count()

    def ranked_page(self, config, start, stop):
        """`[(pk, score)]` of hits `start:stop`, best first (bm25 is negative,
        lower is better; newest first among equals)."""
        rows = (
            self._hits(config)
            .annotate(score=WeightedBM25(), object_pk=Cast("index_entry__object_id", IntegerField()))
            .order_by("score", "-object_pk")
            .values_list("object_pk", "score")
        )
        rows = rows[start:stop] if stop is not None else rows[start:]
        to_python = self.queryset.model._meta.pk.to_python
        return [(to_python(pk), score) for pk, score in rows]

    def _ranked_page(self, config, start, stop, score_field):
        ranked = self.ranked_page(config, start, stop)
        page_ids = [pk for pk, _score in ranked]
        if not page_ids:
            return self.queryset.none()
        queryset = self.queryset.filter(pk__in=page_ids).annotate(
            _search_position=Case(
                *[When(pk=pk, then=Value(position)) for position, pk in enumerate(page_ids)],
                output_field=IntegerField(),
            )
        )
        if score_field is not None:
            queryset = queryset.annotate(
                **{
                    score_field: Case(
                        *[When(pk=pk, then=Value(score)) for pk, score in ranked], output_field=FloatField()
                    )
                }
            )
        return queryset.order_by("_search_position")

    def _has_no_terms(self, query):
        if isinstance(query, (PlainText, Phrase)):
            return not fts_terms(query.query_string)
        subqueries = getattr(query, "subqueries", None)
        if subqueries is not None:
            return any(self._has_no_terms(q) for q in subqueries)
        return False


class DanishAutocompleteQueryCompiler(base.SQLiteAutocompleteQueryCompiler):
    """Prefix match on the unstemmed titles; strips FTS5 syntax from the input."""

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            terms = [word.lower() for word in words(query.query_string)]
            if not terms:
                return None
            lexemes = [Lexeme(term) for term in terms[:-1]] + [Lexeme(terms[-1], prefix=True)]
            return SearchQueryExpression(reduce(lambda a, b: a & b, lexemes), config=config)
        return super().build_search_query_content(query, config=config)

    def search(self, config, start, stop, score_field=None):
        query = base.normalize(self.query)
        if isinstance(query, PlainText) and not words(query.query_string):
            return self.queryset.none()
        return super().search(config, start, stop, score_field=score_field)


class DanishSQLiteSearchResults(base.SQLiteSearchResults):
    def _do_count(self):
        compiler = self.query_compiler
        if isinstance(compiler, DanishSearchQueryCompiler) and compiler.order_by_relevance:
            normalized = base.normalize(compiler.query)
            if compiler._has_no_terms(normalized):
                return 0
            if not isinstance(normalized, (base.MatchAll, base.Not)):
                return compiler.count_hits(compiler.get_config(self.backend))
        return super()._do_count()


class DanishSQLiteSearchBackend(base.SQLiteSearchBackend):
    results_class = DanishSQLiteSearchResults
    query_compiler_class = DanishSearchQueryCompiler
    autocomplete_query_compiler_class = DanishAutocompleteQueryCompiler
    index_class = DanishSQLiteIndex


SearchBackend = DanishSQLiteSearchBackend
