"""The headless API: Wagtail API v2 and the typed v3, their filters, serializers, draft preview and publish webhooks (docs/api.md)."""
