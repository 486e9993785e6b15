"""The ranked search runs the full-text MATCH once, not once per candidate
page: modelsearch's SQLite backend scores with a correlated subquery, which
made a search over 10,000 articles take seconds (bench/README.md)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

import pytest

from search.tests.factories import article, neutral_home

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend's query plan")
def test_fulltext_match_runs_once_whatever_the_number_of_hits(client, home_page):
    home = neutral_home(home_page)
    for number in range(25):
        article(home, f"Kommunerne nummer {number}", body_text="Samarbejde i kommunerne.")

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "kommune", "page": 2})
    assert response.status_code == 200
    assert response.content.decode().count(" nummer ") >= 5  # titles are highlighted: <mark>Kommunerne</mark> nummer N
    scoring = [q["sql"] for q in queries if "bm25(" in q["sql"]]
    assert len(scoring) == 1, scoring
    # Scored straight from the FTS table, not inside a per-page subquery.
    assert (
        scoring[0].lstrip().upper().startswith('SELECT "WAGTAILSEARCH_INDEXENTRY"') or "(SELECT bm25" not in scoring[0]
    )
    matches = [q["sql"] for q in queries if " MATCH " in q["sql"].upper()]
    assert all(sql.count(" MATCH ") <= 2 for sql in matches)
    assert len(matches) <= 2, matches
