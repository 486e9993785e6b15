"""The combined feed of "What else is cooking?": articles (and events)."""


def latest_items(count):
    from .models import ArticlePage

    return list(ArticlePage.objects.live().public().order_by("-date", "-pk")[:count])
