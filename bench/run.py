"""`make bench`: how fast the site is at 10, 1,000 and 10,000 articles.

For each size: a fresh database (SQLite in a temporary directory, or a new
PostgreSQL database `samskabelse_bench` when DATABASE_URL is set) with the
demo content plus N generated articles; gunicorn with the production
settings on 127.0.0.1, once with the page cache off and once with it on;
wrk against each URL (1 s of sequential warm-up requests, then --duration seconds at --connections
connections). Queries per request come from a separate process (Django's
test client), peak memory from the workers' VmHWM. One table on stdout, the
same as JSON in bench/results/<timestamp>.json. How to read it:
bench/README.md.
"""

import argparse
import datetime
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote, urlparse, urlunparse

BASE_DIR = Path(__file__).resolve().parent.parent
RESULTS_DIR = BASE_DIR / "bench" / "results"
PAGE_URLS = ("home", "feed", "tag", "article", "event")  # whole pages: the page cache applies
OTHER_URLS = ("search", "api_listing", "api_detail")
API_URLS = ("api_listing", "api_detail")  # kept by the API cache (movement/caching/api_cache.py)
PEER_URLS = (*PAGE_URLS, *OTHER_URLS)
# BENCH_DB_NAME: another name, so two benches on one PostgreSQL server never drop each other's.
BENCH_DB = os.environ.get("BENCH_DB_NAME") or "samskabelse_bench"


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", default="10,1000,10000", help="comma-separated article counts (default 10,1000,10000)"
    )
    parser.add_argument("--duration", type=float, default=5, help="seconds of load per URL (default 5)")
    parser.add_argument(
        "--warmup", type=float, default=1, help="seconds of sequential warm-up requests per URL (default 1)"
    )
    parser.add_argument("--connections", type=int, default=16, help="concurrent connections (default 16)")
    parser.add_argument(
        "--rounds", type=int, default=2, help="wrk runs per URL, the best is reported (default 2; --quick: 1)"
    )
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=4, help="gunicorn threads per worker (default 4)")
    parser.add_argument("--quick", action="store_true", help="size 10 only, 2 s per URL")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated URL names to measure with wrk, e.g. search (the static row is always "
        "measured; the database, the query counts and the first-search line as in a full run; "
        "the admin and publish lines only if 'admin' is named)",
    )
    parser.add_argument("--dry-run", action="store_true", help="check the tools and print the plan, run nothing")
    parser.add_argument("--output", type=Path, help="JSON file (default bench/results/<timestamp>.json)")
    parser.add_argument(
        "--peer",
        default=os.environ.get("BENCH_PEER") or None,
        help="path to a clone of wagtail/bakerydemo to serve and measure the same way (or BENCH_PEER)",
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile one render of each URL in-process (bench/results/*.prof.txt)"
    )
    args = parser.parse_args(argv)
    try:
        args.sizes = [int(size) for size in args.sizes.split(",") if size.strip()]
    except ValueError:
        parser.error("--sizes must be comma-separated whole numbers, e.g. 10,1000,10000")
    if args.quick:
        args.sizes, args.duration, args.rounds = [10], 2, 1
    known = (*PAGE_URLS, *OTHER_URLS, "static", "admin")
    args.only = [name.strip() for name in args.only.split(",") if name.strip()]
    if any(name not in known for name in args.only):
        parser.error(f"--only takes names from {', '.join(known)}")
    if not args.sizes or min(args.sizes) < 0 or args.duration <= 0 or args.connections < 1 or args.rounds < 1:
        parser.error("sizes must be >= 0, duration > 0, connections >= 1, rounds >= 1")
    return args


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Tools
# ---------------------------------------------------------------------------


def ensure_wrk():
    """wrk from Debian's package; installed here when we may (root)."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("wrk is missing: apt-get install -y wrk")
        lock = ["-o", "DPkg::Lock::Timeout=300"]
        install = ["apt-get", *lock, "install", "-y", "-qq", "wrk"]
        if subprocess.run(install, capture_output=True).returncode != 0:
            subprocess.run(["apt-get", *lock, "update", "-qq"], capture_output=True)
            subprocess.run(install, capture_output=True)
        found = shutil.which("wrk")
        if found:
            return found
    sys.exit(
        "bench: wrk is not installed. Install it with `sudo apt-get install -y wrk` "
        "(Debian/Ubuntu) and run `make bench` again."
    )


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def machine():
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
        mem_gb = round(mem_kb / 1024 / 1024, 1)
    except (OSError, AttributeError):
        pass
    return {
        "cpu": cpu or platform.processor(),
        "cores": os.cpu_count(),
        "memory_gb": mem_gb,
        "os": platform.platform(),
        "python": platform.python_version(),
    }


# ---------------------------------------------------------------------------
# Database per size
# ---------------------------------------------------------------------------


class Database:
    """SQLite file in the temp dir, or a fresh PostgreSQL database."""

    def __init__(self, workdir, size):
        self.base_url = os.environ.get("DATABASE_URL", "")
        self.postgres = self.base_url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            parts = urlparse(self.base_url)
            self.url = urlunparse(parts._replace(path="/" + BENCH_DB))
        else:
            self.url = f"sqlite:///{workdir / f'bench-{size}.sqlite3'}"

    @property
    def engine(self):
        return "postgresql" if self.postgres else "sqlite"

    def _admin(self, sql):
        import psycopg

        with psycopg.connect(self.base_url, autocommit=True) as conn:
            conn.execute(sql)

    def create(self):
        if self.postgres:
            self.drop()
            self._admin(f'CREATE DATABASE "{BENCH_DB}"')

    def drop(self):
        if self.postgres:
            self._admin(f'DROP DATABASE IF EXISTS "{BENCH_DB}" WITH (FORCE)')


# ---------------------------------------------------------------------------
# gunicorn and wrk
# ---------------------------------------------------------------------------


class Server:
    def __init__(self, env, port, args, command=None, cwd=BASE_DIR, headers=None):
        self.env, self.port, self.args = env, port, args
        self.command, self.cwd, self.headers = command, cwd, headers or {}
        self.process = None

    def __enter__(self):
        command = self.command or [
            sys.executable,
            "-m",
            "gunicorn",
            "movement.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.args.workers),
            "--threads",
            str(self.args.threads),
            "--log-level",
            "warning",
        ]
        self.process = subprocess.Popen(command, cwd=self.cwd, env=self.env, start_new_session=True)
        try:
            return self._wait_until_up()
        except BaseException:
            self.__exit__()  # never leave a gunicorn behind
            raise

    def _wait_until_up(self):
        deadline = time.time() + 180  # a loaded 2-core machine: a first request can take a minute
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("gunicorn stopped while starting")
            try:
                probe = "/" if self.command else "/healthz/"
                request = urllib.request.Request(f"http://127.0.0.1:{self.port}{probe}", headers=self.headers)
                with urllib.request.urlopen(request, timeout=30) as response:
                    if response.status == 200:
                        return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.3)
        raise RuntimeError("gunicorn did not answer within 180 s")

    def worker_peak_memory_mb(self):
        """VmHWM (peak resident memory) of each worker, in MB."""
        peaks = []
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return peaks
        for pid in children:
            try:
                status = Path(f"/proc/{pid}/status").read_text()
            except OSError:
                continue
            found = re.search(r"VmHWM:\s+(\d+) kB", status)
            if found:
                peaks.append(round(int(found.group(1)) / 1024, 1))
        return peaks

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


def encode(url):
    return quote(url, safe="/?=&*:%,.-_~")


def check_status(base, url, timeout=30, headers=None):
    """(status, X-Page-Cache or X-API-Cache) of one request; status "timeout"
    when the server took longer than `timeout` seconds."""
    try:
        request = urllib.request.Request(base + encode(url), headers=headers or {})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers.get("X-Page-Cache") or response.headers.get("X-API-Cache")
    except urllib.error.HTTPError as error:
        return error.code, None
    except (TimeoutError, urllib.error.URLError, OSError):
        return "timeout", None


def warm_up(base, url, seconds, headers=None):
    """Sequential requests, never concurrent ones: wrk's connections, cut at
    the end of a run, leave requests in gunicorn's threads that would still
    be running when the next measurement starts. One at a time also waits
    for the previous URL's leftovers to finish."""
    deadline = time.time() + seconds
    done = 0
    while done < 2 or time.time() < deadline:
        if check_status(base, url, headers=headers)[0] != 200:
            return False
        done += 1
    return True


def run_wrk(wrk, url, duration, connections, headers=None):
    threads = max(1, min(2, connections))
    command = [wrk, f"-t{threads}", f"-c{connections}", f"-d{duration:g}s", "--latency", "--timeout", "10s"]
    for name, value in (headers or {}).items():
        command += ["-H", f"{name}: {value}"]
    command.append(url)
    output = subprocess.run(command, capture_output=True, text=True).stdout
    return parse_wrk(output)


UNIT = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return round(float(value) * UNIT[unit], 2)


def parse_wrk(output):
    """Requests/s, p50 and p99 latency (ms) and errors from wrk's output."""
    result = {"rps": None, "p50_ms": None, "p99_ms": None, "errors": 0}
    found = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if found:
        result["rps"] = round(float(found.group(1)), 1)
    for pct, key in (("50", "p50_ms"), ("99", "p99_ms")):
        found = re.search(rf"^\s+{pct}(?:\.000)?%\s+(\S+)", output, re.M)
        if found:
            result[key] = _ms(found.group(1))
    for pattern in (r"Non-2xx or 3xx responses:\s+(\d+)", r"Socket errors:.*?timeout (\d+)"):
        found = re.search(pattern, output)
        if found:
            result["errors"] += int(found.group(1))
    return result


def measure(server_env, urls, names, args, wrk, cached, peer=None):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    results = {}
    headers = None
    server = Server(server_env, port, args)
    if peer is not None:
        from bench import peer as peer_module

        headers = peer_module.HEADERS
        server = Server(
            server_env,
            port,
            args,
            command=peer_module.server_command(peer["python"], port, args),
            cwd=peer["path"],
            headers=headers,
        )
    with server:
        for name in names:
            url = urls[name]
            status, _ = check_status(base, url, headers=headers)
            if status != 200:
                log(f"  {name}: {url} answered {status}; skipped")
                results[name] = {"status": status, "rps": 0.0 if status == "timeout" else None}
                continue
            if not warm_up(base, url, args.warmup, headers):
                log(f"  {name}: {url} failed or took over 30 s while warming up; skipped")
                results[name] = {"status": "timeout", "rps": 0.0}
                continue
            # Best of `--rounds`: a 2-core VM has episodes of a few seconds in
            # which even the static file runs at a third of its rate; the
            # best round is what the code can do, every round is in the JSON.
            rounds = []
            for number in range(args.rounds):
                if number:
                    warm_up(base, url, 0.5, headers)  # let the previous round's leftovers finish
                rounds.append(run_wrk(wrk, base + encode(url), args.duration, args.connections, headers))
            result = dict(max(rounds, key=lambda r: r["rps"] or 0.0))
            result["rounds_rps"] = [r["rps"] for r in rounds]
            result["cache"] = check_status(base, url, headers=headers)[1] if cached else None
            results[name] = result
            who = "peer " if peer is not None else ""
            log(f"  {who}{'cached' if cached else 'uncached'} {name:<12} {result['rps']} req/s")
        memory = server.worker_peak_memory_mb()
    return results, memory


# ---------------------------------------------------------------------------
# One size
# ---------------------------------------------------------------------------


def _selected(args, names):
    """`names` narrowed to --only (if given), always with the static row, the run's yardstick."""
    return (*(name for name in names if not args.only or name in args.only), "static")


def bench_size(size, args, wrk, workdir):
    var_dir = workdir / "var"
    media = workdir / f"media-{size}"
    shutil.rmtree(var_dir / "cache", ignore_errors=True)
    database = Database(workdir, size)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "movement.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "VAR_DIR": str(var_dir),
        "MEDIA_ROOT": str(media),
        "DATABASE_URL": database.url,
        "LOG_LEVEL": "WARNING",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "PYTHONUNBUFFERED": "1",
        # Every wrk request comes from 127.0.0.1: the search limit (120/min per
        # address) would answer 429 and the search row would time the refusal.
        "RATELIMIT_ENABLE": "false",
    }
    database.create()
    try:
        log(f"size {size}: building the database ({database.engine})")
        started = time.perf_counter()
        prepared = subprocess.run(
            [
                sys.executable,
                "-m",
                "bench.prepare",
                "--articles",
                str(size),
                *(["--profile"] if args.profile else []),
                *(["--no-admin"] if args.only and "admin" not in args.only else []),
            ],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        if prepared.returncode != 0:
            sys.stderr.write(prepared.stderr[-4000:])
            raise RuntimeError(f"preparing size {size} failed")
        info = json.loads(prepared.stdout.strip().splitlines()[-1])
        info["timings"]["prepare_total_s"] = round(time.perf_counter() - started, 1)
        urls = info["urls"]
        log(f"size {size}: {info['articles']} articles; generate_articles {info['timings']['generate_articles_s']} s")

        uncached, memory_uncached = measure(
            {**env, "PAGE_CACHE_ENABLED": "false"}, urls, _selected(args, (*PAGE_URLS, *OTHER_URLS)), args, wrk, False
        )
        cached_names = _selected(args, (*PAGE_URLS, *API_URLS))
        cached, memory_cached = {}, []
        if cached_names != ("static",):  # --only search: nothing the page cache keeps
            cached, memory_cached = measure({**env, "PAGE_CACHE_ENABLED": "true"}, urls, cached_names, args, wrk, True)
    finally:
        database.drop()
        shutil.rmtree(media, ignore_errors=True)
    rows = []
    for name in (*PAGE_URLS, *OTHER_URLS, "static"):
        rows.append(
            {
                "url_name": name,
                "url": urls[name],
                "uncached": uncached.get(name),
                "cached": cached.get(name),
                "queries": info["queries"].get(name, {}).get("steady"),
                "queries_first": info["queries"].get(name, {}).get("first"),
            }
        )
    return {
        "size": size,
        "articles": info["articles"],
        "database": database.engine,
        "timings": info["timings"],
        "peak_worker_memory_mb": max(memory_uncached + memory_cached, default=None),
        "rows": rows,
    }


def bench_peer(args, wrk, workdir):
    """The peer (bakerydemo) built, loaded and served like us, uncached (it
    has no whole-page cache), for the like URLs (bench/peer.py)."""
    from bench import peer as peer_module

    path = peer_module.check(args.peer)
    peer_work = workdir / "peer"
    peer_work.mkdir(exist_ok=True)
    started = time.perf_counter()
    python, env, urls = peer_module.prepare(path, peer_work)
    log(f"peer: ready in {time.perf_counter() - started:.0f} s; {urls}")
    results, memory = measure(
        env, urls, (*PEER_URLS, "static"), args, wrk, False, peer={"python": python, "path": path}
    )
    commit = subprocess.run(["git", "-C", str(path), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return {"path": str(path), "commit": commit.stdout.strip(), "urls": urls, "results": results, "memory_mb": memory}


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def _fmt(value, digits=0):
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def table(results):
    header = (
        f"{'size':>6} {'url':<12} {'req/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
        f"{'cached/s':>9} {'p50 ms':>7} {'p99 ms':>7} {'queries':>7}"
    )
    lines = [header, "-" * len(header)]
    for size in results["sizes"]:
        for row in size["rows"]:
            if row["uncached"] is None and row["cached"] is None:
                continue  # not measured (--only)
            u, c = row["uncached"] or {}, row["cached"] or {}
            lines.append(
                f"{size['size']:>6} {row['url_name']:<12} {_fmt(u.get('rps')):>8} {_fmt(u.get('p50_ms'), 1):>7} "
                f"{_fmt(u.get('p99_ms'), 1):>7} {_fmt(c.get('rps')):>9} {_fmt(c.get('p50_ms'), 1):>7} "
                f"{_fmt(c.get('p99_ms'), 1):>7} {_fmt(row['queries']):>7}"
            )
        t = size["timings"]
        lines.append(
            f"{'':>6} generate_articles({size['size']}) {t.get('generate_articles_s')} s; "
            f"peak worker memory {size['peak_worker_memory_mb']} MB; database {size['database']}"
        )
        publish = t.get("publish")
        if publish:
            firsts = ", ".join(f"{name} {ms} ms" for name, ms in publish["first_view_ms"].items())
            lines.append(
                f"{'':>6} editor's publish {publish['publish_ms']} ms (save, invalidation, queued work: "
                f"{publish['on_commit_ms']} ms of it on commit); first uncached view after it: {firsts}"
            )
        admin = t.get("admin")
        if admin:
            lines.append(
                f"{'':>6} admin as {admin.get('user')}: explorer (feed, page 1) {admin['explorer_ms']} ms, {admin['explorer_queries']} queries "
                f"({admin['explorer_rows']} rows; page 2: {admin['explorer_page2_queries']} queries); admin search "
                f"'{admin['word']}' repeated (kept) {admin['search_ms']} ms, {admin['search_queries']} queries; public search "
                f"{admin['public_search_ms']} ms: admin/public {admin['search_ratio']}x"
            )
            if admin.get("first_search_ms") is not None:
                lines.append(
                    f"{'':>6} first admin search for each of {admin['first_words']} title words: p50 "
                    f"{admin['first_search_ms']} ms; first public search for the same words: p50 "
                    f"{admin['first_public_search_ms']} ms: admin/public {admin['first_search_ratio']}x"
                )
        cold = t.get("cold_search")
        if cold:
            lines.append(
                f"{'':>6} first search for each of {cold['words']} words: p50 {cold['p50_ms']} ms, "
                f"max {cold['max_ms']} ms (up to {cold['max_hits']:,} hits)"
            )
        lines.append("")
    peer = results.get("peer")
    if peer:
        lines.extend(peer_table(results["sizes"], peer))
    else:
        lines.append("peer: skipped (no --peer PATH or BENCH_PEER: a clone of wagtail/bakerydemo)")
        lines.append("")
    lines.extend(f"{'PASS' if ok else 'FAIL'}  {text}" for ok, text in results["checks"])
    return "\n".join(lines)


PEER_LIKE = {
    "home": "home",
    "feed": "blog index",
    "tag": "blog tag",
    "article": "blog page",
    "event": "location page",
    "search": "search",
    "api_listing": "API list fields=*",
    "api_detail": "API detail",
    "static": "static file",
}


def peer_table(sizes, peer):
    """Ours (uncached, each size) beside the peer's like page, and the ratio."""
    header = f"{'page':<12} {'peer page':<18} {'peer/s':>8}" + "".join(
        f" {'ours@' + str(size['size']):>11} {'ratio':>6}" for size in sizes
    )
    lines = [f"peer: wagtail/bakerydemo {peer['commit']} (uncached, it has no page cache), same gunicorn", header]
    lines.append("-" * len(header))
    for name in (*PEER_URLS, "static"):
        theirs = (peer["results"].get(name) or {}).get("rps")
        line = f"{name:<12} {PEER_LIKE[name]:<18} {_fmt(theirs):>8}"
        for size in sizes:
            rows = {row["url_name"]: row for row in size["rows"]}
            ours = (rows[name]["uncached"] or {}).get("rps")
            ratio = f"{ours / theirs:.2f}x" if ours and theirs else "-"
            line += f" {_fmt(ours):>11} {ratio:>6}"
        lines.append(line)
    lines.append("")
    return lines


def peer_checks(sizes, peer):
    out = []
    for size in sizes:
        rows = {row["url_name"]: row for row in size["rows"]}
        for name in PEER_URLS:
            theirs = (peer["results"].get(name) or {}).get("rps")
            ours = (rows[name]["uncached"] or {}).get("rps")
            if theirs:
                out.append(
                    (
                        (ours or 0) >= 2 * theirs,
                        f"size {size['size']}: uncached {name} {ours or 0:.0f} req/s >= 2x the peer's {theirs:.0f}",
                    )
                )
    return out


def checks(sizes):
    """The issue's targets, computed from this run; and no row may have timed
    errors (non-2xx answers or timeouts) instead of pages."""
    out = []
    for size in sizes:
        for row in size["rows"]:
            for phase in ("uncached", "cached"):
                errors = (row[phase] or {}).get("errors") or 0
                if errors:
                    out.append((False, f"size {size['size']}: {phase} {row['url_name']} had {errors:,} errors"))
    for size in sizes:
        rows = {row["url_name"]: row for row in size["rows"]}
        static = (rows["static"]["cached"] or {}).get("rps") or (rows["static"]["uncached"] or {}).get("rps")
        for name in (*PAGE_URLS, *API_URLS):
            rps = (rows[name]["cached"] or {}).get("rps")
            if static and rps is not None and (rows[name]["cached"] or {}).get("cache") == "HIT":
                out.append(
                    (
                        rps >= static / 2,
                        f"size {size['size']}: cached {name} {rps:.0f} req/s >= half of static {static:.0f}",
                    )
                )
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        s_rows = {row["url_name"]: row for row in small["rows"]}
        l_rows = {row["url_name"]: row for row in large["rows"]}
        for name in ("article", "feed", "search"):
            a = (s_rows[name]["uncached"] or {}).get("rps")
            b = (l_rows[name]["uncached"] or {}).get("rps") or 0.0
            if a:
                out.append(
                    (
                        b >= a / 3,
                        f"uncached {name}: {b:.0f} req/s at {large['size']} >= a third of {a:.0f} at {small['size']}",
                    )
                )
        for name in (*PAGE_URLS, *OTHER_URLS):
            a, b = s_rows[name]["queries"], l_rows[name]["queries"]
            if a is not None and b is not None:
                out.append((b <= a, f"queries {name}: {a} at {small['size']}, {b} at {large['size']} (must not grow)"))
    if len(sizes) > 1:
        small, large = sizes[0]["timings"].get("admin"), sizes[-1]["timings"].get("admin")
        if small and large:
            out.append(
                (
                    large["explorer_queries"] <= small["explorer_queries"],
                    f"admin explorer queries: {small['explorer_queries']} at {sizes[0]['size']}, "
                    f"{large['explorer_queries']} at {sizes[-1]['size']} (must not grow)",
                )
            )
    for size in sizes:
        admin = size["timings"].get("admin")
        if admin:
            out.append(
                (
                    admin["search_ratio"] <= 2,
                    f"size {size['size']}: admin search {admin['search_ms']} ms within 2x of public search "
                    f"{admin['public_search_ms']} ms (a repeated word)",
                )
            )
    for size in sizes:
        seconds = size["timings"].get("generate_articles_s")
        if size["size"] >= 10000 and seconds is not None:
            out.append((seconds < 120, f"generate_articles({size['size']}) took {seconds} s (< 120 s)"))
    return out


def _stop(signum, frame):
    raise SystemExit(128 + signum)  # run the finally blocks: gunicorn, database, temp dir


def main(argv=None):
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop)
    wrk = ensure_wrk()
    plan = {
        "sizes": args.sizes,
        "duration_s": args.duration,
        "connections": args.connections,
        "only": args.only or None,
        "database": "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite",
        "wrk": wrk,
        "machine": machine(),
    }
    if args.dry_run:
        print(json.dumps(plan, indent=2))
        return 0
    started = time.perf_counter()
    sizes = []
    with tempfile.TemporaryDirectory(prefix="samskabelse-bench-") as tmp:
        workdir = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "movement.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "VAR_DIR": str(workdir / "var"),
            "SECURE_SSL_REDIRECT": "false",
        }
        log("collecting static files")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=BASE_DIR, env=env, check=True
        )
        peer = None
        if args.peer:
            try:
                peer = bench_peer(args, wrk, workdir)
            except RuntimeError as error:
                log(f"peer failed: {error}")
        for size in args.sizes:
            size_started = time.perf_counter()
            sizes.append(bench_size(size, args, wrk, workdir))
            sizes[-1]["elapsed_s"] = round(time.perf_counter() - size_started, 1)
            log(f"size {size}: done in {sizes[-1]['elapsed_s']} s")
    results = {
        "started": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        **plan,
        "elapsed_s": round(time.perf_counter() - started, 1),
        "sizes": sizes,
        "peer": peer,
    }
    results["checks"] = checks(sizes) + (peer_checks(sizes, peer) if peer else [])
    output = args.output or RESULTS_DIR / f"{datetime.datetime.now():%Y%m%d-%H%M%S}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False))
    m = plan["machine"]
    print(f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gb']} GB; {m['os']}; Python {m['python']}")
    print(
        f"wrk: {args.duration:g} s per URL, best of {args.rounds}, {args.connections} connections; "
        f"gunicorn {args.workers}x{args.threads}"
    )
    print()
    print(table(results))
    print(f"\nJSON: {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
