"""Download counts from Wagtail's `document_served` signal."""

from .models import DocumentDownload


def count_download(sender, instance, request=None, **kwargs):
    """Sent by Wagtail's serve view after every privacy check has passed."""
    DocumentDownload.record(instance)
