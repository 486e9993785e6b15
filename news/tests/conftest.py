import datetime

import pytest

from movement.tests.factories import ImageFactory
from news.tests.factories import ArticlePageFactory, NewsIndexPageFactory


@pytest.fixture
def news_index(home_page):
    return NewsIndexPageFactory(parent=home_page)


@pytest.fixture
def shared_image(db):
    return ImageFactory(title="Delt billede")


@pytest.fixture
def make_articles(news_index, shared_image):
    """`make_articles(n, tags=[...])`: n live articles, newest last."""

    def make(count, tags=("Ledelse",), start=datetime.date(2019, 1, 1), **kwargs):
        kwargs.setdefault("image", shared_image)
        return [
            ArticlePageFactory(parent=news_index, date=start + datetime.timedelta(days=i), tags=list(tags), **kwargs)
            for i in range(count)
        ]

    return make
