"""Small page mixins. Each declares its panels, search fields and API fields
together, so a page type that adds a mixin gets all three at once (the
pattern The National Archives' Wagtail site uses).

Usage in a page type::

    content_panels = [*BasePage.content_panels, *IntroMixin.content_panels]
    search_fields = [*BasePage.search_fields, *IntroMixin.search_fields]
    api_fields = [*BasePage.api_fields, *IntroMixin.api_fields]
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.search import index

from movement.api.serializers import ImageSerializerField


class IntroMixin(models.Model):
    """A short lead text: the teaser in lists, the meta description fallback."""

    intro = models.TextField(
        _("indledning"),
        blank=True,
        help_text=_(
            "En kort indledning på 1-3 sætninger. Vises øverst på siden, i lister og "
            "som beskrivelse, når siden deles eller findes i søgemaskiner."
        ),
    )

    content_panels = [FieldPanel("intro")]
    search_fields = [index.SearchField("intro", boost=2)]
    api_fields = [APIField("intro")]

    class Meta:
        abstract = True


class ListingImageMixin(models.Model):
    """The page's main image, with focal point, used on the page and in lists."""

    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("billede"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Sidens hovedbillede. Vises øverst på siden og i oversigter. Sæt fokuspunktet "
            "på billedet, så beskæringen bevarer det vigtigste."
        ),
    )

    content_panels = [FieldPanel("image")]
    search_fields = []
    api_fields = [APIField("image", serializer=ImageSerializerField())]

    class Meta:
        abstract = True


class SeoMixin(models.Model):
    """Share image on top of Wagtail's own SEO title and search description."""

    share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("delingsbillede"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Billedet der vises, når siden deles på LinkedIn, Facebook m.fl. "
            "Tomt: sidens eget billede, ellers sitets standardbillede."
        ),
    )

    promote_panels = [FieldPanel("share_image")]
    search_fields = []
    api_fields = []

    class Meta:
        abstract = True

    def get_meta_description(self):
        """Search description, else the intro or lede, else nothing."""
        for attr in ("search_description", "intro", "lede"):
            value = getattr(self, attr, "")
            if value:
                return value
        return ""

    def get_share_image(self):
        return self.share_image or getattr(self, "image", None)
