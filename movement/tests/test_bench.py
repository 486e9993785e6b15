"""The benchmark's own logic, fast: argument checks, wrk parsing, the targets.

The benchmark itself is not run here (it takes minutes; bench/README.md).
"""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench import run

WRK_OUTPUT = """Running 5s test @ http://127.0.0.1:40000/
  2 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.31ms    4.20ms  80.00ms   90.00%
    Req/Sec   650.12     40.00   700.00     80.00%
  Latency Distribution
     50%   11.50ms
     75%   13.00ms
     90%   16.00ms
     99%    1.20s
  6500 requests in 5.00s, 80.00MB read
  Non-2xx or 3xx responses: 3
Requests/sec:   1300.25
Transfer/sec:     16.00MB
"""


def test_parse_wrk_reads_rate_latencies_and_errors():
    assert run.parse_wrk(WRK_OUTPUT) == {"rps": 1300.2, "p50_ms": 11.5, "p99_ms": 1200.0, "errors": 3}


def test_parse_wrk_without_output_gives_no_numbers():
    assert run.parse_wrk("") == {"rps": None, "p50_ms": None, "p99_ms": None, "errors": 0}


def test_bad_sizes_are_refused_with_a_message(capsys):
    with pytest.raises(SystemExit) as exit_info:
        run.parse_args(["--sizes", "ti"])
    assert exit_info.value.code == 2
    assert "comma-separated whole numbers" in capsys.readouterr().err


def test_quick_means_size_10_for_2_seconds():
    args = run.parse_args(["--quick"])
    assert (args.sizes, args.duration, args.rounds) == ([10], 2, 1)
    assert run.parse_args([]).rounds == 2


def _size(size, static, page, uncached_article, queries, generate):
    def row(name, uncached=None, cached=None, q=None):
        return {"url_name": name, "uncached": uncached, "cached": cached, "queries": q}

    rows = [row("static", {"rps": static}, {"rps": static})]
    for name in run.PAGE_URLS:
        rows.append(row(name, {"rps": uncached_article}, {"rps": page, "cache": "HIT"}, queries))
    for name in run.OTHER_URLS:
        rows.append(row(name, {"rps": uncached_article}, None, queries))
    return {"size": size, "rows": rows, "timings": {"generate_articles_s": generate}}


def test_checks_compare_cached_pages_with_static_and_sizes_with_each_other():
    small = _size(10, static=1000, page=600, uncached_article=90, queries=12, generate=0.5)
    large = _size(10000, static=1000, page=400, uncached_article=20, queries=13, generate=150)
    results = dict((text, ok) for ok, text in run.checks([small, large]))
    assert results["size 10: cached article 600 req/s >= half of static 1000"] is True
    assert results["size 10000: cached article 400 req/s >= half of static 1000"] is False
    assert results["uncached article: 20 req/s at 10000 >= a third of 90 at 10"] is False
    assert results["queries article: 12 at 10, 13 at 10000 (must not grow)"] is False
    assert results["generate_articles(10000) took 150 s (< 120 s)"] is False


@pytest.mark.skipif(shutil.which("wrk") is None, reason="wrk is not installed")
def test_dry_run_prints_the_plan():
    result = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--dry-run"],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    plan = json.loads(result.stdout)
    assert plan["sizes"] == [10]
    assert plan["machine"]["cores"] >= 1


def test_table_reports_the_first_searches():
    size = _size(10000, static=1000, page=400, uncached_article=20, queries=13, generate=30)
    size.update(peak_worker_memory_mb=150.0, database="sqlite")
    size["timings"]["cold_search"] = {"words": 10, "p50_ms": 42.0, "max_ms": 61.5, "max_hits": 9975}
    text = run.table({"sizes": [size], "checks": []})
    assert "first search for each of 10 words: p50 42.0 ms, max 61.5 ms (up to 9,975 hits)" in text


@pytest.mark.django_db
def test_cold_search_times_a_first_search_for_each_word(client, demo_site):
    from bench import prepare

    result = prepare.cold_search(client)
    assert result["words"] == len(prepare.COLD_SEARCH_WORDS)
    assert 0 < result["p50_ms"] <= result["max_ms"]
    assert result["max_hits"] > 0  # the seed speaks of velfærd and kommunerne


def test_a_row_with_errors_fails():
    size = _size(10, static=1000, page=600, uncached_article=90, queries=12, generate=0.5)
    size["rows"][1]["uncached"]["errors"] = 4200  # e.g. 429s from a rate limit
    results = dict((text, ok) for ok, text in run.checks([size]))
    name = size["rows"][1]["url_name"]
    assert results[f"size 10: uncached {name} had 4,200 errors"] is False
