"""Wagtail's PostgreSQL database backend with the title weighted up.

Danish stemming comes from PostgreSQL itself (`SEARCH_CONFIG: "danish"`).
What this subclass adds is ranking: modelsearch adds the title vector's rank
(times the title length norm) to the body vector's rank, so an intro that
says the word once ranks level with a title that is the word. Multiplying
the title rank by `TITLE_WEIGHT` puts a title match above an intro match
above a body match, as on SQLite (search/backends/sqlite_danish.py).
"""

from django.db.models import F

from modelsearch.backends.database.postgres import postgres as base

from search.backends import TITLE_WEIGHT


class DanishPostgresSearchQueryCompiler(base.PostgresSearchQueryCompiler):
    def get_index_vectors(self, search_query):
        return [
            (F("index_entries__title"), F("index_entries__title_norm") * TITLE_WEIGHT),
            (F("index_entries__body"), 1.0),
        ]


class DanishPostgresSearchBackend(base.PostgresSearchBackend):
    query_compiler_class = DanishPostgresSearchQueryCompiler


SearchBackend = DanishPostgresSearchBackend
