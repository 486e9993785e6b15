"""Caches: the page cache, the structure cache of site-wide facts, and HTTP caching for the API (docs/performance.md)."""
