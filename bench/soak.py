"""Soak test: 32 concurrent readers on mixed pages for 5 minutes while an
editor publishes, against gunicorn with the production settings.

    .venv/bin/python -m bench.soak [--duration 300] [--connections 32] [--articles 500]

Loopback only (127.0.0.1), bounded in time, cleans up after itself: a
temporary SQLite database with the demo content plus N generated articles,
gunicorn (2 workers x 4 threads, no --max-requests so a leak would show),
wrk with a Lua script rotating through home, feed, tag page, article, event,
search and API URLs, and a separate Django process that publishes a new
revision of an article every 10 s. Reports requests, errors (non-2xx/3xx and
socket errors), latency and the workers' RSS sampled every 10 s (first vs
last). Exits 1 when there were errors. Rate limits are switched off for the
run (every reader is 127.0.0.1). Needs `wrk` (`apt-get install wrk`).
"""

import argparse
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PUBLISHER = """
import sys, time
from news.models import ArticlePage
article = ArticlePage.objects.live().order_by("pk").first()
count = 0
deadline = time.monotonic() + {duration}
while time.monotonic() < deadline:
    time.sleep({interval})
    page = ArticlePage.objects.get(pk=article.pk)
    count += 1
    page.intro = "Opdateret under soak-testen, revision %d." % count
    page.save_revision(log_action=True).publish()
    print("published", count, flush=True)
"""

URLS_SCRIPT = """
import json
from news.models import ArticlePage
from events.models import EventPage
from taggit.models import Tag
article = ArticlePage.objects.live().order_by("-pk").first()
event = EventPage.objects.live().first()
tagged = ArticlePage.objects.live().filter(tags__isnull=False).first()
tag = tagged.tags.first() if tagged else None
urls = ["/", "/nyheder/", article.url, event.url, "/arrangementer/", "/principper/",
        "/search/?q=samskabelse", "/search/autocomplete/?q=sam",
        "/api/v2/pages/?type=news.ArticlePage&fields=intro,date", "/api/v2/pages/%d/" % article.pk,
        "/api/v3/pages/?limit=20", "/nyheder/rss/"]
if tag:
    urls.append("/nyheder/tag/%s/" % tag.slug)
print(json.dumps(urls))
"""

LUA = """
local paths = {paths}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, capture=False):
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, text=True, capture_output=capture
    )
    return result.stdout


def worker_pids(master_pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(master_pid)], capture_output=True, text=True).stdout
    return [int(pid) for pid in out.split()]


def rss_kib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except FileNotFoundError:
        return None
    return None


def wait_for(url, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.status
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {timeout} s")


def parse_wrk(output):
    result = {"raw": output}
    match = re.search(r"(\d+) requests in ([\d.]+)(\w+)", output)
    if match:
        result["requests"] = int(match.group(1))
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    result["requests_per_second"] = float(match.group(1)) if match else None
    match = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    result["non_2xx_3xx"] = int(match.group(1)) if match else 0
    match = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    result["socket_errors"] = sum(int(group) for group in match.groups()) if match else 0
    for name in ("50", "75", "90", "99"):
        match = re.search(rf"^\s+{name}%\s+([\d.]+\w+)", output, re.M)
        result[f"latency_p{name}"] = match.group(1) if match else None
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.soak", description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=int, default=300, help="seconds of load (default 300)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent readers (default 32)")
    parser.add_argument("--articles", type=int, default=500, help="generated articles (default 500)")
    parser.add_argument("--publish-every", type=int, default=10, help="seconds between publishes (default 10)")
    parser.add_argument("--output", type=Path, help="also write the result as JSON here")
    args = parser.parse_args(argv)
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="samskabelse-soak-"))
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "movement.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "VAR_DIR": str(tmp),
        "MEDIA_ROOT": str(tmp / "media"),
        "DATABASE_URL": f"sqlite:///{tmp / 'db.sqlite3'}",
        "RATELIMIT_ENABLE": "false",
        "LOG_LEVEL": "WARNING",
        "WAGTAILADMIN_BASE_URL": f"http://127.0.0.1:{port}",
    }
    env.pop("REDIS_URL", None)
    processes = []
    try:
        print(f"Preparing {tmp} (demo content + {args.articles} articles)…", flush=True)
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "load_demo_content", "--articles", str(args.articles), "-v0")
        manage(env, "collectstatic", "--noinput", "-v0")
        urls = json.loads(manage(env, "shell", "-c", URLS_SCRIPT, capture=True).strip().splitlines()[-1])

        gunicorn = subprocess.Popen(
            [PYTHON, "-m", "gunicorn", "movement.wsgi:application", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--threads", "4", "--log-level", "warning"],
            cwd=BASE_DIR, env=env,
        )  # fmt: skip
        processes.append(gunicorn)
        base = f"http://127.0.0.1:{port}"
        for url in urls:  # warm up: every URL answers, renditions exist
            status = wait_for(base + url)
            assert status < 400, (url, status)

        lua = tmp / "mixed.lua"
        lua.write_text(LUA.replace("{paths}", "{" + ", ".join(json.dumps(url) for url in urls) + "}"))
        publisher = subprocess.Popen(
            [PYTHON, "manage.py", "shell", "-c",
             PUBLISHER.format(duration=args.duration, interval=args.publish_every)],
            cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        processes.append(publisher)

        samples = []
        stop = threading.Event()

        def sample():
            while not stop.is_set():
                pids = worker_pids(gunicorn.pid)
                samples.append({"t": round(time.monotonic() - started), "rss_kib": {p: rss_kib(p) for p in pids}})
                stop.wait(10)

        print(f"Soaking {args.duration} s with {args.connections} readers on {len(urls)} URLs…", flush=True)
        started = time.monotonic()
        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        wrk = subprocess.run(
            ["wrk", "-t", "2", "-c", str(args.connections), "-d", f"{args.duration}s", "--latency",
             "--timeout", "10s", "-s", str(lua), base],
            capture_output=True, text=True, timeout=args.duration + 120,
        )  # fmt: skip
        stop.set()
        sampler.join()
        published = publisher.communicate(timeout=args.publish_every + 60)[0].count("published")

        result = parse_wrk(wrk.stdout)
        first, last = samples[0]["rss_kib"], samples[-1]["rss_kib"]
        result.update(
            {
                "duration_s": args.duration,
                "connections": args.connections,
                "articles": args.articles,
                "urls": urls,
                "published_revisions": published,
                "worker_rss_first_kib": first,
                "worker_rss_last_kib": last,
                "worker_rss_samples": samples,
                "workers_restarted": set(first) != set(last),
            }
        )
        errors = result["non_2xx_3xx"] + result["socket_errors"]
        print(wrk.stdout)
        print(
            f"requests {result.get('requests')}, {result['requests_per_second']}/s; "
            f"errors: non-2xx/3xx {result['non_2xx_3xx']}, socket {result['socket_errors']}; "
            f"latency p50 {result['latency_p50']} p99 {result['latency_p99']}; "
            f"published {published} revisions"
        )
        for pid in first:
            before, after = first[pid], last.get(pid)
            print(f"worker {pid}: RSS {before / 1024:.0f} MiB -> {(after or 0) / 1024:.0f} MiB")
        if args.output:
            result.pop("raw")
            args.output.write_text(json.dumps(result, indent=2, default=str))
        return 1 if errors else 0
    finally:
        for process in reversed(processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
