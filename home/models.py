"""The front page: hero, the movement's invitation, and the latest news,
the next event and the principles drawn from their own pages."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.search import index

from movement.mixins import ListingImageMixin
from movement.models import BasePage


class HomePage(ListingImageMixin, BasePage):
    lede = models.TextField(
        _("manchet"),
        blank=True,
        help_text=_("Teksten under overskriften øverst på forsiden."),
    )
    invitation = RichTextField(
        _("invitation"),
        blank=True,
        features=["h2", "h3", "bold", "italic", "link", "ul", "ol"],
        help_text=_("Bevægelsens invitation til at være med. Vises under toppen af forsiden."),
    )
    news_heading = models.CharField(
        _("overskrift over seneste nyt"),
        max_length=200,
        default="What else is cooking? Her er seneste nyt",
        help_text=_("Overskriften over de tre seneste nyheder på forsiden."),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel([FieldPanel("lede"), *ListingImageMixin.content_panels], heading=_("Toppen af siden")),
        FieldPanel("invitation"),
        FieldPanel("news_heading"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("lede", boost=2),
        index.SearchField("invitation"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("lede"),
        APIField("invitation"),
        *ListingImageMixin.api_fields,
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "news.NewsIndexPage",
        "events.EventIndexPage",
        "manifesto.ManifestoPage",
        "movement.PrinciplesPage",
        "movement.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("forside")
        verbose_name_plural = _("forsider")

    def get_context(self, request, *args, **kwargs):
        from movement.models import PrinciplesPage

        context = super().get_context(request, *args, **kwargs)
        context["principles_page"] = PrinciplesPage.for_display()
        context["latest_items"] = self.get_latest_items()
        return context

    def get_latest_items(self):
        from movement.feed import latest_items

        return latest_items(3)
