"""Re-index a page once its publication is complete.

modelsearch indexes on `post_save`, which for a ClusterableModel fires
before the child relations (tags, authors, inline panels) are written; with
the immediate tasks backend the index would keep the previous publication's
tags and names. `page_published` is sent after everything is saved.
"""

from wagtail.search import index
from wagtail.signals import page_published


def reindex_published_page(sender, instance, **kwargs):
    index.insert_or_update_object(instance.specific)


def register_signal_handlers():
    page_published.connect(reindex_published_page, dispatch_uid="search_reindex_published_page")
