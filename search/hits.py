"""What readers search for, counted without a database write per search.

Each search increments a per-day counter in the cache (atomic `incr`, shared
between workers with Redis). `flush()` moves the counts into Wagtail's
search promotions tables (`Query`, `QueryDailyHits`), which editors see in
the admin under "Søgetermer"/promotions. It runs from cron
(`manage.py flush_search_hits`) and, at most once per
`SEARCH_HITS_FLUSH_INTERVAL` seconds, before a search (one write per interval,
not per search).

Keys per day: `search:hits:<day>:<hash>` counts one query string;
`search:slots:<day>` numbers the distinct query strings seen and
`search:slot:<day>:<n>` holds the n-th, so a flush can enumerate them with
plain cache calls (no Redis-only commands).
"""

import datetime
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits
from wagtail.search.utils import normalise_query_string

KEY_TTL = 3 * 24 * 60 * 60  # counts older than three days are dropped
FLUSH_LOCK_KEY = "search:flush-due"


def _day(date=None):
    return (date or timezone.localdate()).isoformat()


def _hits_key(day, query_string):
    digest = hashlib.sha1(query_string.encode("utf-8")).hexdigest()
    return f"search:hits:{day}:{digest}"


def _incr(key, delta=1):
    cache.add(key, 0, KEY_TTL)
    try:
        return cache.incr(key, delta)
    except ValueError:  # expired between add and incr
        cache.set(key, delta, KEY_TTL)
        return delta


def record_hit(query_string):
    """Count one search for `query_string` today. Cache only, no SQL."""
    query_string = normalise_query_string(query_string)
    if not query_string:
        return
    day = _day()
    key = _hits_key(day, query_string)
    if cache.add(key, 1, KEY_TTL):
        # First time today: give the query string a slot so flush() finds it.
        slot = _incr(f"search:slots:{day}")
        cache.set(f"search:slot:{day}:{slot}", query_string, KEY_TTL)
    else:
        _incr(key)


def flush(days_back=2):
    """Write the cached counts of today and the last `days_back` days to
    QueryDailyHits. Safe to run often and concurrently with searches: it
    subtracts exactly what it wrote. Returns the number of hits written."""
    written = 0
    today = timezone.localdate()
    for offset in range(days_back, -1, -1):
        date = today - datetime.timedelta(days=offset)
        day = _day(date)
        slots = cache.get(f"search:slots:{day}") or 0
        for slot in range(1, slots + 1):
            query_string = cache.get(f"search:slot:{day}:{slot}")
            if not query_string:
                continue
            key = _hits_key(day, query_string)
            count = cache.get(key) or 0
            if count <= 0:
                continue
            with transaction.atomic():
                query, _ = Query.objects.get_or_create(query_string=query_string)
                daily, _ = QueryDailyHits.objects.get_or_create(query=query, date=date, defaults={"hits": 0})
                QueryDailyHits.objects.filter(pk=daily.pk).update(hits=F("hits") + count)
            try:
                cache.decr(key, count)
            except ValueError:
                pass
            written += count
    return written


def maybe_flush():
    """Flush if the interval has passed (once per interval per cache)."""
    interval = getattr(settings, "SEARCH_HITS_FLUSH_INTERVAL", 0)
    if interval and cache.add(FLUSH_LOCK_KEY, 1, interval):
        flush()
