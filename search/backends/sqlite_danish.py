"""Wagtail's SQLite FTS5 search backend, made to understand Danish.

FTS5 has no Danish stemmer, so this backend stems on the way in and on the way
out with Snowball's Danish stemmer:

* indexing: the title and body written to the index entry (and so, through
  modelsearch's triggers, to the FTS5 table) are the *stems* of the words, so
  "Kommunerne" is stored as "kommun";
* querying: each query word is stemmed the same way, so "kommune" asks for
  "kommun" and finds "kommunerne".

FTS5's default tokenizer folds "å" to "a" ("gås" would match "gas"), so stems
store "å" as "þ", a letter it keeps and Danish never writes; æ and ø are kept
by the tokenizer as they are. (Not "aa": a reader's "nytaarskur" must rank
below the spelling "nytårskur", search/lexicon.py.) The autocomplete column is
left unstemmed: type-ahead matches prefixes of the real title.

Queries are expanded by search/lexicon.py (compounds, ae/oe/aa, typos,
prefixes, synonyms) into one FTS5 expression; a hit that matches only the
extra terms ranks below every hit of the exact words (`TieredBM25`).

Ranking: modelsearch's SQLite backend ignores field boosts and weighs every
column alike. Here bm25 weighs the title column `TITLE_WEIGHT` times the body,
and a boosted field (an intro with `boost=2`) is written `round(boost)` times
into the body, so a title match beats an intro match beats a body match.

Use it as the only (default) backend on a SQLite database; two database
backends share one index table and would overwrite each other's entries.
"""

from collections import OrderedDict
from functools import reduce

from django.core.exceptions import EmptyResultSet
from django.db.models import Case, Count, FloatField, Func, IntegerField, Value, When
from django.db.models.functions import Cast
from django.db.models.sql.where import WhereNode
from django.utils.functional import cached_property

from modelsearch.backends.database.sqlite import sqlite as base
from modelsearch.backends.database.sqlite.query import (
    Lexeme,
    SearchQueryExpression,
    SQLiteFTSIndexEntry,
)
from modelsearch.index import SearchField
from modelsearch.query import Phrase, PlainText
from modelsearch.utils import get_content_type_pk

from movement.caching import structure
from search import lexicon
from search.backends import BODY_WEIGHT, EXTRA_PENALTY, TITLE_WEIGHT
from search.text import query_stems, stem, stem_text, words

# What FTS5's tokenizer would fold away ("å" -> "a"), stored as a letter it keeps.
_KEEP_Å = str.maketrans({"å": "þ"})


def fts_text(text):
    """Stemmed text as stored in, and asked of, the FTS5 table."""
    return stem_text(text).translate(_KEEP_Å)


def fts_terms(query_string):
    return [s.translate(_KEEP_Å) for s in query_stems(query_string)]


def fts_term(word):
    return stem(word).translate(_KEEP_Å)


def _quote(term):
    return '"' + term.replace('"', '""') + '"'


def _alternatives_sql(alternatives, exact_terms=()):
    """`"a" OR ("b" AND "c")` for a list of word tuples, without duplicates
    (and without the exact terms when building the extra ones)."""
    seen, out = set(exact_terms), []
    for alternative in alternatives:
        terms = tuple(dict.fromkeys(fts_term(w) for w in alternative if fts_term(w)))
        if not terms or terms in seen or (len(terms) == 1 and terms[0] in exact_terms):
            continue
        seen.add(terms)
        out.append(
            " AND ".join(map(_quote, terms)) if len(terms) == 1 else "(" + " AND ".join(map(_quote, terms)) + ")"
        )
    return out


def fts_expressions(expansion):
    """(exact, full) FTS5 query strings for an expansion; full is None when
    nothing was added to the exact words."""
    joiner = " AND " if expansion.operator == "and" else " OR "
    exact_parts, full_parts, extra = [], [], False
    for slot in expansion.slots:
        exact = _alternatives_sql(slot.exact)
        if not exact:
            continue
        single = tuple(t for alt in slot.exact if len(alt) == 1 for t in [fts_term(alt[0])])
        more = _alternatives_sql(slot.extra, exact_terms=single)
        extra = extra or bool(more)
        exact_parts.append("(" + " OR ".join(exact) + ")")
        full_parts.append("(" + " OR ".join(exact + more) + ")")
    if not exact_parts:
        return None, None
    return joiner.join(exact_parts), (joiner.join(full_parts) if extra else None)


def _pks(queryset):
    """The queryset's ids as a subquery, without the annotations the admin's
    listing adds (site root, approved schedule: subqueries of their own).
    Django copies and resolves every annotation each time the subquery is
    used, some 25 ms per admin search at 10,000 articles, though an `IN`
    only needs the filters. Kept when a filter refers to one."""
    pks = queryset.order_by().values("pk")
    if pks.query.annotations and not pks.query.where.get_refs():
        pks.query.annotations = {}
        pks.query.set_annotation_mask(())
    return pks


def _without_filters(queryset):
    """The queryset for ids that already passed its filters (the hits' `IN`):
    filtering again would rebuild its subqueries (the admin's permission
    filter reads every page's path) for twenty known ids. Only when the
    filters join no other table: dropping them must not leave a join that
    repeats rows."""
    queryset = queryset.all()
    if len(queryset.query.alias_map) == 1:
        queryset.query.where = WhereNode()
    return queryset


class RawFTS(Lexeme):
    """An FTS5 expression built here, passed through as one parameter."""

    def as_sql(self, compiler, connection):
        return "%s", [self.value]


class DanishObjectIndexer(base.ObjectIndexer):
    def raw_texts(self):
        """The words as written, for the vocabulary (search/lexicon.py)."""
        return [self._raw(want_title=True), self._raw(want_title=False)]

    @cached_property
    def _search_values(self):
        """`(field, text)` of every SearchField, read once per object: the
        title, the body and the vocabulary all come from it (related fields,
        tags and authors, cost a query each time they are read)."""
        return [
            (current_field, value)
            for field in self.search_fields
            for current_field, value in self.prepare_field(self.obj, field)
            if isinstance(current_field, SearchField)
        ]

    def _raw(self, want_title):
        return " ".join(value for f, value in self._search_values if (f.field_name == "title") == want_title)

    def _texts(self, want_title):
        texts = []
        for current_field, value in self._search_values:
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
        lexicon.record(text for ix in indexers for text in ix.raw_texts())


class WeightedBM25(Func):
    """bm25() with per-column weights; FTS5 columns are (autocomplete, body, title)."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        table = SQLiteFTSIndexEntry._meta.db_table
        return f"bm25({table}, 0.0, {BODY_WEIGHT}, {TITLE_WEIGHT})", []


class TieredBM25(WeightedBM25):
    """bm25, plus a penalty for hits that match only the extra terms of an
    expansion (compounds, folding, typos): those rank below every exact hit.
    The exact MATCH runs once, as an uncorrelated `IN` subquery."""

    def __init__(self, exact_match):
        super().__init__()
        self.exact_match = exact_match

    def as_sql(self, compiler, connection, **extra):
        table = SQLiteFTSIndexEntry._meta.db_table
        sql, params = super().as_sql(compiler, connection, **extra)
        return (
            f"({sql} + CASE WHEN {table}.rowid IN (SELECT rowid FROM {table} WHERE {table} MATCH %s) "
            f"THEN 0.0 ELSE {EXTRA_PENALTY} END)",
            [*params, self.exact_match],
        )


class DanishSearchQueryCompiler(base.SQLiteSearchQueryCompiler):
    def _expressions(self, query):
        """(exact, full) FTS5 strings for a PlainText query, computed once."""
        cache = self.__dict__.setdefault("_expression_cache", {})
        key = (query.query_string, query.operator)
        if key not in cache:
            cache[key] = fts_expressions(lexicon.expand(query.query_string, query.operator))
        return cache[key]

    def _rank(self):
        normalized = base.normalize(self.query)
        if isinstance(normalized, PlainText):
            exact, full = self._expressions(normalized)
            if full is not None:
                columns = " ".join(self.fields or self.FTS_TABLE_FIELDS)
                return TieredBM25(f"{{{columns}}} : ({exact})")
        return WeightedBM25()

    def build_search_query_content(self, query, config=None):
        if isinstance(query, PlainText):
            exact, full = self._expressions(query)
            if exact is None:
                return None
            return SearchQueryExpression(RawFTS(full or exact), config=config)
        if isinstance(query, Phrase):
            terms = fts_terms(query.query_string)
            if not terms:
                return None
            return SearchQueryExpression(" ".join(terms))
        return super().build_search_query_content(query, config=config)

    def _build_rank_expression(self, vectors, config):
        # bm25 is negative, lower is better: modelsearch orders ascending.
        return self._rank()

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
            # Sorted: the same hits give the same SQL, which type_counts() keys on.
            .filter(index_entry__content_type__in=sorted(base.get_descendants_content_types_pks(self.queryset.model)))
            .filter(index_entry__object_id__in=_pks(self.queryset))
        )

    def type_counts(self, config):
        """`{content type id: hits}` in one grouped query, once per request:
        the admin's search asks for its page-type counts ("Artikel (1.999)"),
        for "Alle (N)" and for its paginator's count, all over the same hits.
        A page is indexed under its specific type, which is its content type."""
        hits = self._hits(config)
        try:
            sql, params = hits.query.sql_with_params()
        except EmptyResultSet:
            return {}

        def grouped():
            rows = hits.values_list("index_entry__content_type_id").annotate(hits=Count("pk")).order_by()
            return dict(rows)

        return structure.per_request(("search-type-counts", hits.db, sql, tuple(params)), grouped)

    def count_hits(self, config):
        return sum(self.type_counts(config).values())

    def ranked_page(self, config, start, stop):
        """`[(pk, score)]` of hits `start:stop`, best first (bm25 is negative,
        lower is better; newest first among equals)."""
        rows = (
            self._hits(config)
            .annotate(score=self._rank(), object_pk=Cast("index_entry__object_id", IntegerField()))
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
        queryset = (
            _without_filters(self.queryset)
            .filter(pk__in=page_ids)
            .annotate(
                _search_position=Case(
                    *[When(pk=pk, then=Value(position)) for position, pk in enumerate(page_ids)],
                    output_field=IntegerField(),
                )
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

    def _has_no_terms(self, query):
        """A plain query with no words left once FTS5 syntax is stripped."""
        return isinstance(query, PlainText) and not words(query.query_string)

    def search(self, config, start, stop, score_field=None):
        query = base.normalize(self.query)
        if self._has_no_terms(query):
            return self.queryset.none()
        if not self.order_by_relevance or isinstance(query, (base.MatchAll, base.Not)):
            return super().search(config, start, stop, score_field=score_field)
        # The admin's page search (Wagtail autocompletes with relevance): one
        # MATCH, ranked inside the FTS table, one page of ids (as searches).
        return self._ranked_page(config, start, stop, score_field)

    def _rank(self):
        # modelsearch's autocomplete rank: bm25 over the columns unweighted
        return AutocompleteBM25()

    # The same ranked page and count as a search, with the rank above.
    _hits = DanishSearchQueryCompiler._hits
    type_counts = DanishSearchQueryCompiler.type_counts
    count_hits = DanishSearchQueryCompiler.count_hits
    ranked_page = DanishSearchQueryCompiler.ranked_page
    _ranked_page = DanishSearchQueryCompiler._ranked_page


class AutocompleteBM25(Func):
    """modelsearch's autocomplete score, `bm25(fts)` with equal column weights,
    so the admin lists its hits in the order it always did."""

    output_field = FloatField()

    def as_sql(self, compiler, connection, **extra):
        return f"bm25({SQLiteFTSIndexEntry._meta.db_table})", []


NO_TERMS, OWN_MATCH = "no terms", "own match"


class DanishSQLiteSearchResults(base.SQLiteSearchResults):
    def _own_match(self):
        """How this backend answers the query: NO_TERMS (nothing to match, so
        no hits), OWN_MATCH (its own MATCH, ranked and counted in SQL), or
        None (modelsearch's path: match-all, negation, another compiler)."""
        compiler = self.query_compiler
        if not isinstance(compiler, (DanishSearchQueryCompiler, DanishAutocompleteQueryCompiler)):
            return None
        normalized = base.normalize(compiler.query)
        if compiler._has_no_terms(normalized):
            return NO_TERMS
        if isinstance(normalized, (base.MatchAll, base.Not)):
            return None
        return OWN_MATCH

    def ranked_ids(self):
        """The ids of this slice of the ranking, best first, from the ranking
        query alone: no page rows loaded (search/views.py keeps them)."""
        compiler = self.query_compiler
        if isinstance(compiler, DanishSearchQueryCompiler) and compiler.order_by_relevance:
            answer = self._own_match()
            if answer is NO_TERMS:
                return []
            if answer is OWN_MATCH:
                ranked = compiler.ranked_page(compiler.get_config(self.backend), self.start, self.stop)
                return [pk for pk, _score in ranked]
        return [obj.pk for obj in self]

    def _do_count(self):
        compiler = self.query_compiler
        if compiler.order_by_relevance:
            answer = self._own_match()
            if answer is NO_TERMS:
                return 0
            if answer is OWN_MATCH:
                return compiler.count_hits(compiler.get_config(self.backend))
        return super()._do_count()

    def facet(self, field_name):
        """Counting per value needs no ranking: page types from the grouped
        hits (shared with the count), other fields by modelsearch's unranked
        filter."""
        compiler = self.query_compiler
        if field_name == "content_type_id" and self._own_match() is OWN_MATCH:
            counts = compiler.type_counts(compiler.get_config(self.backend))
            return OrderedDict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
        ranked = compiler.order_by_relevance
        compiler.order_by_relevance = False
        try:
            return super().facet(field_name)
        finally:
            compiler.order_by_relevance = ranked


class DanishSQLiteSearchBackend(base.SQLiteSearchBackend):
    results_class = DanishSQLiteSearchResults
    query_compiler_class = DanishSearchQueryCompiler
    autocomplete_query_compiler_class = DanishAutocompleteQueryCompiler
    index_class = DanishSQLiteIndex


SearchBackend = DanishSQLiteSearchBackend
