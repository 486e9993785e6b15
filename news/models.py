"""News: "What else is cooking?" and its articles."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.search import index

from movement.blocks import BodyStreamBlock
from movement.mixins import IntroMixin, ListingImageMixin
from movement.models import BasePage


class NewsIndexPage(IntroMixin, BasePage):
    content_panels = [*BasePage.content_panels, *IntroMixin.content_panels]
    search_fields = [*BasePage.search_fields, *IntroMixin.search_fields]
    api_fields = [*BasePage.api_fields, *IntroMixin.api_fields]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = _("nyhedsoversigt")
        verbose_name_plural = _("nyhedsoversigter")


class ArticlePage(IntroMixin, ListingImageMixin, BasePage):
    date = models.DateField(_("udgivelsesdato"), help_text=_("Vises som 'Udgivet 30. januar 2019'."))
    body = StreamField(BodyStreamBlock(), verbose_name=_("brødtekst"), blank=True)

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("date"),
        *IntroMixin.content_panels,
        *ListingImageMixin.content_panels,
        FieldPanel("body"),
    ]
    search_fields = [*BasePage.search_fields, *IntroMixin.search_fields, index.SearchField("body")]
    api_fields = [*BasePage.api_fields, APIField("date"), *IntroMixin.api_fields, APIField("body")]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikler")
