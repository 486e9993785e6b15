"""The relevance test set (search/tests/relevance/queries.json): Danish
queries as readers type them, against the demo site, on whatever database the
suite runs on (CI: SQLite and PostgreSQL).

Reports precision@5 and recall per kind of query and overall, and fails when
either overall figure drops below the one recorded for this database in
relevance/baseline.json. Precision@5 of a query: the expected pages among
the first five hits, divided by the number expected (at most five). Recall:
the expected pages found at all, divided by the number expected. A query
finds through the backend, as the search page and the API do.
"""

import json
from collections import defaultdict
from pathlib import Path

from django.conf import settings
from django.db import connection

import pytest

from search.tests.factories import article

HERE = Path(__file__).parent / "relevance"
QUERIES = json.loads((HERE / "queries.json").read_text(encoding="utf-8"))
BASELINE = json.loads((HERE / "baseline.json").read_text(encoding="utf-8"))


@pytest.fixture
def corpus(demo_site):
    from wagtail.models import Page

    from search.models import SynonymGroup

    for spec in QUERIES["extra_pages"]:
        page = article(demo_site, spec["title"], intro=spec["intro"], body_text=spec["body"])
        Page.objects.filter(pk=page.pk).update(slug=spec["slug"])
    for group in QUERIES["synonyms"]:
        SynonymGroup.objects.create(terms=", ".join(group))
    return {slug: pk for pk, slug in Page.objects.live().values_list("pk", "slug")}


def ranked_slugs(query, ids):
    from wagtail.models import Page

    from search.views import backend_query

    slug_of = {pk: slug for slug, pk in ids.items()}
    results = Page.objects.live().public().search(backend_query(query), operator="and")
    return [slug_of.get(page.pk, page.slug) for page in results[:100]]


def test_relevance_set_meets_the_recorded_figures(corpus):
    assert len(QUERIES["queries"]) >= 50
    per_kind = defaultdict(lambda: [0.0, 0.0, 0])
    misses = []
    for item in QUERIES["queries"]:
        # A demo page another change removed cannot be found; the rest must be.
        expected = set(item["expect"]) & set(corpus)
        assert expected, f"{item['q']!r}: none of its pages is in the demo any more"
        ranked = ranked_slugs(item["q"], corpus)
        precision = len(expected & set(ranked[:5])) / min(5, len(expected))
        recall = len(expected & set(ranked)) / len(expected)
        for key in (item["kind"], "all"):
            per_kind[key][0] += precision
            per_kind[key][1] += recall
            per_kind[key][2] += 1
        if recall < 1 or precision < 1:
            misses.append(f"  {item['q']!r}: p@5 {precision:.2f} recall {recall:.2f}, top 5 {ranked[:5]}")

    figures = {kind: (p / n, r / n, n) for kind, (p, r, n) in per_kind.items()}
    lines = [f"relevance on {connection.vendor}: kind, queries, precision@5, recall"]
    lines += [f"  {kind:<10} {n:>3}  {p:.3f}  {r:.3f}" for kind, (p, r, n) in sorted(figures.items())]
    report = "\n".join(lines + ["misses:", *misses])
    print(report)
    (Path(settings.VAR_DIR) / f"relevance-{connection.vendor}.txt").write_text(report + "\n", encoding="utf-8")

    recorded = BASELINE[connection.vendor]
    precision, recall, _n = figures["all"]
    assert precision >= recorded["precision_at_5"], report
    assert recall >= recorded["recall"], report


def test_ranking_title_over_intro_over_body_and_exact_over_expanded(corpus, demo_site):
    for check in QUERIES["ranking"]:
        ranked = ranked_slugs(check["q"], corpus)
        if "order" in check:
            positions = [ranked.index(slug) for slug in check["order"]]
            assert positions == sorted(positions), (check["q"], ranked)
        if "first" in check:
            assert ranked[0] == check["first"], (check["q"], ranked)
    # "velfaerd": every page that says "velfærd" is found, and a page spelled
    # "velfaerd" (exact) ranks above every page found only by folding.
    page = article(demo_site, "Notat", body_text="velfaerd")
    ranked = ranked_slugs("velfaerd", {**corpus, page.slug: page.pk})
    assert ranked[0] == page.slug and len(ranked) > 1
