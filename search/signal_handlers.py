"""Re-index a page once its publication is complete; forget kept searches
when editors change the synonyms.

modelsearch indexes on `post_save`, which for a ClusterableModel fires
before the child relations (tags, authors, inline panels) are written; with
the immediate tasks backend the index would keep the previous publication's
tags and names. `page_published` is sent after everything is saved.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save

from wagtail.search import index
from wagtail.signals import page_published


def reindex_published_page(sender, instance, **kwargs):
    index.insert_or_update_object(instance.specific)


def synonyms_changed(sender, **kwargs):
    """The lexicon and every kept ranking hang on the `any` stamp."""
    from movement.caching import page_cache

    transaction.on_commit(lambda: page_cache.bump({"search"}))


def register_signal_handlers():
    from search.models import SynonymGroup

    page_published.connect(reindex_published_page, dispatch_uid="search_reindex_published_page")
    post_save.connect(synonyms_changed, sender=SynonymGroup, dispatch_uid="search_synonyms_saved")
    post_delete.connect(synonyms_changed, sender=SynonymGroup, dispatch_uid="search_synonyms_deleted")
