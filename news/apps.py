from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("Nyheder")

    def ready(self):
        # What this app contributes to "What else is cooking?" (movement/feed.py).
        from movement import feed

        from .feed import ArticleSource

        feed.register(ArticleSource())
