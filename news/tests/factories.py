import datetime

import factory
import wagtail_factories

from movement.tests.factories import ImageFactory
from news.models import ArticlePage, ArticleTag, Category, NewsIndexPage


class NewsIndexPageFactory(wagtail_factories.PageFactory):
    title = "What else is cooking?"
    slug = "nyheder"
    intro = "Nyheder, arrangementer og artikler."

    class Meta:
        model = NewsIndexPage


class CategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Kategori {n}")

    class Meta:
        model = Category
        django_get_or_create = ("name",)


class ArticleTagFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Emne {n}")

    class Meta:
        model = ArticleTag
        django_get_or_create = ("name",)


class ArticlePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Artikel {n}")
    slug = factory.Sequence(lambda n: f"artikel-{n}")
    date = factory.Sequence(lambda n: datetime.date(2019, 1, 1) + datetime.timedelta(days=n))
    intro = "En kort indledning."
    category = factory.SubFactory(CategoryFactory, name="Artikel")
    image = factory.SubFactory(ImageFactory)

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def tags(self, create, extracted, **kwargs):
        if extracted:
            self.tags.add(
                *[
                    ArticleTag.objects.get_or_create(name=name)[0] if isinstance(name, str) else name
                    for name in extracted
                ]
            )
            if create:
                self.save_revision().publish()
