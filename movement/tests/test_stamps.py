"""The page cache's stamps as a worker reads them (movement/caching/page_cache.py):
known stamps are trusted while `any` is unchanged, and a bump by another
worker (written to the shared store, `any` last) is seen at the next read.
The live check of the same, across two gunicorn workers, is
tests/test_kept_admin_search_live.py."""

import uuid

import pytest

from movement.caching import page_cache


@pytest.fixture
def store(empty_page_caches):
    return page_cache.stamps()


class CountingReads:
    """The real store, with its `get_many` calls counted."""

    def __init__(self, store):
        self.store, self.keys = store, []

    def __getattr__(self, name):
        return getattr(self.store, name)

    def get_many(self, keys):
        self.keys.extend(keys)
        return self.store.get_many(keys)


def test_known_stamps_cost_one_read_of_any(store, monkeypatch):
    deps = [f"page:{n}" for n in range(20)] + ["feed", "site"]
    first = page_cache.current_versions(deps)
    counting = CountingReads(store)
    monkeypatch.setattr(page_cache, "stamps", lambda: counting)
    assert page_cache.current_versions(deps) == first
    assert counting.keys == [page_cache._stamp_key(page_cache.ANY)]


def test_another_workers_bump_is_seen_at_the_next_read(store):
    before = page_cache.current_versions(["page:1", "page:2"])
    # What bump() in another process writes to the shared store: the stamp, then `any`.
    store.set_many(
        {page_cache._stamp_key("page:1"): uuid.uuid4().hex, page_cache._stamp_key(page_cache.ANY): uuid.uuid4().hex},
        timeout=None,
    )
    after = page_cache.current_versions(["page:1", "page:2"])
    assert after["page:1"] != before["page:1"]
    assert after["page:2"] == before["page:2"]


def test_our_own_bump_is_seen_and_any_changes(store):
    before = page_cache.current_versions(["page:3", page_cache.ANY])
    page_cache.bump({"page:3"})
    after = page_cache.current_versions(["page:3", page_cache.ANY])
    assert after["page:3"] != before["page:3"] and after[page_cache.ANY] != before[page_cache.ANY]


def test_a_stamp_written_without_any_needs_an_untrusting_read(store):
    """The admin's stamps (movement/editing/kept_search.py) change on every draft
    save without moving `any` (the public caches must not drop): they are read
    with `trust_known=False`."""
    before = page_cache.current_versions(["admin", page_cache.ANY], trust_known=False)
    page_cache.bump({"admin"}, move_any=False)
    after = page_cache.current_versions(["admin", page_cache.ANY], trust_known=False)
    assert after["admin"] != before["admin"]
    assert after[page_cache.ANY] == before[page_cache.ANY]


def test_a_lost_store_is_a_new_generation(store):
    before = page_cache.current_versions(["page:4"])
    store.clear()  # evicted, restarted Redis, a cleared file cache
    assert page_cache.current_versions(["page:4"])["page:4"] != before["page:4"]
