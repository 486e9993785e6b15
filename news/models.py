"""News: "What else is cooking?", its articles, categories and tags."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponseBadRequest
from django.template.response import TemplateResponse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import ItemBase, TagBase
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from movement.api.serializers import PrefetchedTagsField, StreamFieldBlocksField, StreamFieldHTMLField
from movement.blocks import BodyStreamBlock
from movement.caching import structure
from movement.mixins import IntroMixin, ListingImageMixin
from movement.models import BasePage
from movement.operations.site_url import absolute_url

from .serializers import AuthorsField, CategoryField

# ---------------------------------------------------------------------------
# Categories and tags (snippets)
# ---------------------------------------------------------------------------


class Category(models.Model):
    """One kind of item per article ("It's Cooking!", "Artikel"); editors
    manage the list, so it is a snippet and not a hard-coded choice."""

    name = models.CharField(
        _("navn"), max_length=100, unique=True, help_text=_("Kategoriens navn, f.eks. 'It's Cooking!' eller 'Artikel'.")
    )
    slug = models.SlugField(
        _("kortnavn"),
        max_length=100,
        unique=True,
        allow_unicode=True,
        blank=True,
        help_text=_("Bruges i adresser, f.eks. ?kategori=artikel. Udfyldes automatisk."),
    )
    description = models.TextField(
        _("beskrivelse"), blank=True, help_text=_("Valgfri forklaring, vises øverst, når man filtrerer på kategorien.")
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        verbose_name = _("kategori")
        verbose_name_plural = _("kategorier")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name, allow_unicode=True)[:100] or "kategori"
        super().save(*args, **kwargs)


class ArticleTagQuerySet(models.QuerySet):
    def get(self, *args, **kwargs):
        """Case-insensitive lookup that also folds æøå on SQLite.

        taggit looks tags up with `name__iexact` when TAGGIT_CASE_INSENSITIVE
        is on, but SQLite's LIKE/UPPER only fold ASCII, so "ældre" would
        miss "Ældre" and create a duplicate. Tags with the same name in
        different case always share a slug, so we find candidates by slug
        too and compare with Python's casefold.
        """
        name = kwargs.get("name__iexact")
        if name is None or args or len(kwargs) != 1:
            return super().get(*args, **kwargs)
        candidates = [
            tag
            for tag in self.filter(Q(name__iexact=name) | Q(slug=slugify(name, allow_unicode=True))).order_by("pk")
            if tag.name.casefold() == name.casefold()
        ]
        if not candidates:
            raise self.model.DoesNotExist(f"Tag {name!r} findes ikke.")
        return candidates[0]


class ArticleTagManager(models.Manager.from_queryset(ArticleTagQuerySet)):
    def get_by_natural_key(self, name):
        return self.get(name=name)


class ArticleTag(TagBase):
    """Our own tag pool, so article topics are not mixed with image and
    document tags (PITFALLS.md: all models share one pool otherwise)."""

    objects = ArticleTagManager()

    panels = [FieldPanel("name"), FieldPanel("slug")]

    class Meta:
        verbose_name = _("emne")
        verbose_name_plural = _("emner")
        ordering = ["name"]

    def clean(self):
        super().clean()
        if self.name:
            clash = ArticleTag.objects.exclude(pk=self.pk).filter(
                Q(name__iexact=self.name) | Q(slug=slugify(self.name, allow_unicode=True))
            )
            for tag in clash:
                if tag.name.casefold() == self.name.casefold():
                    raise ValidationError(
                        {
                            "name": _("Emnet '%(name)s' findes allerede. Brug 'Flet' for at slå emner sammen.")
                            % {"name": tag.name}
                        }
                    )


class TaggedArticle(ItemBase):
    tag = models.ForeignKey(ArticleTag, related_name="tagged_items", on_delete=models.CASCADE)
    content_object = ParentalKey("news.ArticlePage", on_delete=models.CASCADE, related_name="tagged_items")

    class Meta:
        verbose_name = _("emne på artikel")
        verbose_name_plural = _("emner på artikler")
        constraints = [models.UniqueConstraint(fields=["content_object", "tag"], name="unique_tag_per_article")]


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------


class NewsIndexPage(RoutablePageMixin, IntroMixin, BasePage):
    """ "What else is cooking?": articles and events, newest first, with
    tag pages and RSS/Atom feeds as sub-routes."""

    content_panels = [*BasePage.content_panels, *IntroMixin.content_panels]
    search_fields = [*BasePage.search_fields, *IntroMixin.search_fields]
    api_fields = [*BasePage.api_fields, *IntroMixin.api_fields]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["news.ArticlePage"]

    class Meta:
        verbose_name = _("nyhedsoversigt")
        verbose_name_plural = _("nyhedsoversigter")

    # -- routes ---------------------------------------------------------
    @path("")
    def index_view(self, request):
        return self.render_listing(request)

    @path("tag/<str:slug>/")
    def tag_view(self, request, slug):
        tag = self.get_tag_or_404(slug)
        return self.render_listing(request, tag=tag)

    @path("rss/", name="rss")
    def rss_view(self, request):
        from .feeds import NewsRssFeed

        return NewsRssFeed(self)(request)

    @path("atom/", name="atom")
    def atom_view(self, request):
        from .feeds import NewsAtomFeed

        return NewsAtomFeed(self)(request)

    @path("tag/<str:slug>/rss/", name="tag_rss")
    def tag_rss_view(self, request, slug):
        from .feeds import NewsRssFeed

        tag = self.get_tag_or_404(slug)
        return NewsRssFeed(self, tag=tag)(request)

    @path("tag/<str:slug>/atom/", name="tag_atom")
    def tag_atom_view(self, request, slug):
        from .feeds import NewsAtomFeed

        tag = self.get_tag_or_404(slug)
        return NewsAtomFeed(self, tag=tag)(request)

    @staticmethod
    def get_tag_or_404(slug):
        """The tag with this slug; a NUL byte (PostgreSQL refuses it) is just unknown."""
        if "\x00" in slug:
            tag = None
        else:
            # Kept until a tag is saved or deleted (tags are site-wide,
            # movement/caching/page_cache.py): the tag page asked every time.
            tag = structure.cached(
                f"article-tag:{slug}", lambda: ArticleTag.objects.filter(slug=slug).first(), deps=("site",)
            )
        if tag is None:
            raise Http404(_("Emnet findes ikke."))
        return tag

    # -- listing --------------------------------------------------------
    def render_listing(self, request, tag=None):
        from .views import ListingError, build_listing

        try:
            listing = build_listing(self, request, tag=tag)
        except ListingError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        context = self.get_context(request)
        context.update(listing)
        if request.GET.get("fragment") == "1" or request.headers.get("X-Requested-With") == "XMLHttpRequest":
            return TemplateResponse(request, "includes/news_feed_fragment.html", context)
        return TemplateResponse(request, self.get_template(request), context)

    def articles(self):
        return ArticlePage.objects.live().public().descendant_of(self)


class ArticlePage(IntroMixin, ListingImageMixin, BasePage):
    date = models.DateField(
        _("udgivelsesdato"),
        help_text=_("Vises som 'Udgivet 30. januar 2019'. Bestemmer rækkefølgen i oversigten."),
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("kategori"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        help_text=_("Hvilken slags indlæg det er, f.eks. 'It's Cooking!' eller 'Artikel'."),
    )
    tags = ClusterTaggableManager(
        through=TaggedArticle,
        blank=True,
        verbose_name=_("emner"),
        help_text=_(
            "Emner som 'Ledelse' eller 'Velfærdsudvikling'. Skriv og vælg et forslag, så samme emne ikke oprettes to gange."
        ),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("brødtekst"), blank=True)
    authors_note = models.CharField(
        _("tekst om forfattere"),
        max_length=300,
        blank=True,
        help_text=_("Fri tekst efter forfatterne, f.eks. 'i samarbejde med HR-partner Jacob Ørting'."),
    )

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [FieldPanel("date"), FieldPanel("category"), FieldPanel("tags")],
            heading=_("Udgivelse og emner"),
        ),
        *IntroMixin.content_panels,
        *ListingImageMixin.content_panels,
        FieldPanel("body"),
        MultiFieldPanel(
            [InlinePanel("authors", label=_("forfatter")), FieldPanel("authors_note")],
            heading=_("Forfattere"),
        ),
        InlinePanel(
            "related_links",
            label=_("relateret artikel"),
            heading=_("Relaterede artikler"),
            help_text=_("Tomt: artikler med de samme emner vises automatisk."),
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        *IntroMixin.search_fields,
        index.SearchField("body"),
        index.SearchField("authors_note"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.RelatedFields("authors", [index.RelatedFields("person", [index.SearchField("name")])]),
        index.RelatedFields("category", [index.SearchField("name")]),
        index.FilterField("date"),
        index.FilterField("category"),
    ]
    api_fields = [
        *BasePage.api_fields,
        APIField("date"),
        APIField("category", serializer=CategoryField()),
        APIField("tags", serializer=PrefetchedTagsField()),
        *IntroMixin.api_fields,
        # The contract's `body` is HTML; `body_blocks` keeps the structure.
        APIField("body", serializer=StreamFieldHTMLField()),
        APIField("body_blocks", serializer=StreamFieldBlocksField(source="body")),
        APIField("authors", serializer=AuthorsField()),
        APIField("authors_note"),
        *ListingImageMixin.api_fields,
    ]

    # movement.api.v2 prefetches these for API listings (constant queries).
    api_prefetch_related = ["tags", "category", "authors__person__organisation"]

    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []
    route_select_related = ("category", "image", "share_image")

    class Meta:
        verbose_name = _("artikel")
        verbose_name_plural = _("artikler")
        # The feed's order (movement/feed.py): its first rows without
        # sorting every article.
        indexes = [models.Index(fields=["-date", "-page_ptr"], name="news_article_feed_order")]

    def get_context(self, request, *args, **kwargs):
        """Cheap on a fragment hit: the tags and related ids come from the
        structure cache, and what only the article's fragment shows (authors,
        related cards) is loaded when the fragment is rendered."""
        from django.utils.functional import SimpleLazyObject

        from movement.feed import load_items

        from .feed import ARTICLE, news_indexes

        context = super().get_context(request, *args, **kwargs)
        news_index = news_indexes().get(self.path[: -Page.steplen])
        context["news_index"] = news_index
        index_url = news_index.get_url(request) if news_index else None
        # Kept on the page for get_json_ld, which the template calls later.
        self._tags = tags = self.cached_tags(request)
        context["article_tags"] = [
            (tag, index_url + news_index.reverse_subpage("tag_view", kwargs={"slug": tag.slug}) if index_url else "")
            for tag in tags
        ]
        related = self.cached_related(request)
        context["article_authors"] = SimpleLazyObject(self.get_authors)
        context["related_items"] = SimpleLazyObject(
            lambda: load_items([(pk, date, ARTICLE) for pk, date in related], request=request)
        )
        # The article's fragment shows these pages and tags (movement/caching/fragments.py).
        context["fragment_deps"] = [
            f"page:{self.pk}",
            *(f"tag:{tag.slug}" for tag in tags),
            *(f"page:{pk}" for pk, _date in related),
        ]
        return context

    def get_authors(self):
        if not hasattr(self, "_authors"):
            self._authors = list(self.authors.select_related("person__organisation"))
        return self._authors

    def cached_tags(self, request=None):
        """The article's tags in Danish order; they change with its publish
        (`page:<id>`) or a tag's rename (`site`). A preview shows the draft's."""
        from movement.caching import structure

        from .feed import danish_sort_key

        def compute():
            return sorted(self.tags.all(), key=lambda tag: danish_sort_key(tag.name))

        if getattr(request, "is_preview", False) or not self.pk:
            return compute()
        return structure.cached(f"article-tags:{self.pk}", compute, deps=("site", f"page:{self.pk}"))

    def cached_related(self, request=None):
        """`(id, date)` of the related articles; any article's publish may
        change them (`feed`)."""
        from movement.caching import structure

        def compute():
            return [(page.pk, page.date) for page in self.get_related_articles()]

        if getattr(request, "is_preview", False) or not self.pk:
            return compute()
        return structure.cached(f"related:{self.pk}", compute, deps=("site", "feed", f"page:{self.pk}"))

    og_type = "article"

    def get_json_ld(self, request=None):
        """schema.org NewsArticle: headline, dates, authors, publisher, image."""
        from movement.models import SiteSettings
        from movement.seo import SHARE_IMAGE_SPEC

        site_settings = SiteSettings.load(request_or_site=request)
        data = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": self.title[:110],
            "datePublished": self.date.isoformat(),
            "inLanguage": "da",
            "publisher": {"@type": "Organization", "name": site_settings.organisation_name},
            "author": [
                {
                    "@type": "Person",
                    "name": author.person.name,
                    **({"jobTitle": author.role or author.person.role} if (author.role or author.person.role) else {}),
                }
                for author in self.get_authors()
            ]
            or [{"@type": "Organization", "name": site_settings.organisation_name}],
        }
        url = self.get_full_url(request)
        if url:
            data["url"] = url
            data["mainEntityOfPage"] = url
        if self.last_published_at:
            data["dateModified"] = self.last_published_at.isoformat()
        if self.intro:
            data["description"] = self.intro
        if self.category_id:
            from .views import categories

            category = next((c for c in categories() if c.pk == self.category_id), None) or self.category
            data["articleSection"] = category.name
        keywords = [tag.name for tag in getattr(self, "_tags", None) or self.tags.all()]
        if keywords:
            data["keywords"] = keywords
        image = self.get_share_image()
        if image is not None:
            rendition = image.get_rendition(SHARE_IMAGE_SPEC)
            data["image"] = absolute_url(rendition.url)
        return [data]

    def get_related_articles(self, count=3):
        """The editor's choice, else the articles sharing most tags."""
        chosen = list(
            ArticlePage.objects.live()
            .public()
            .filter(related_from__page_id=self.pk)
            .order_by("related_from__sort_order")
            .only("id", "date")[:count]
        )
        if chosen:
            return chosen
        tag_ids = TaggedArticle.objects.filter(content_object_id=self.pk).values("tag_id")
        return list(
            ArticlePage.objects.live()
            .public()
            .exclude(pk=self.pk)
            .filter(tagged_items__tag_id__in=tag_ids)
            .annotate(shared=models.Count("tagged_items", distinct=True))
            .order_by("-shared", "-date", "-pk")
            .only("id", "date")[:count]
        )


class ArticleAuthor(Orderable):
    """An author from the shared person snippet, with the role and
    organisation they held when the article was written."""

    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="authors")
    person = models.ForeignKey(
        "movement.Person",
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="article_authorships",
        help_text=_("Vælg personen; findes hun eller han ikke, så opret personen under Personer."),
    )
    role = models.CharField(
        _("titel i artiklen"),
        max_length=200,
        blank=True,
        help_text=_("Tomt: personens nuværende titel. Udfyld, hvis titlen var en anden, da artiklen blev skrevet."),
    )
    organisation = models.CharField(
        _("organisation i artiklen"),
        max_length=200,
        blank=True,
        help_text=_("Tomt: personens nuværende organisation."),
    )

    panels = [FieldPanel("person"), FieldPanel("role"), FieldPanel("organisation")]

    class Meta(Orderable.Meta):
        verbose_name = _("forfatter")
        verbose_name_plural = _("forfattere")

    def __str__(self):
        return self.person.name

    @property
    def display_role(self):
        return self.role or self.person.role

    @property
    def display_organisation(self):
        if self.organisation:
            return self.organisation
        return self.person.organisation.name if self.person.organisation_id else ""

    @property
    def title_line(self):
        return ", ".join(part for part in (self.display_role, self.display_organisation) if part)


class RelatedArticle(Orderable):
    page = ParentalKey(ArticlePage, on_delete=models.CASCADE, related_name="related_links")
    article = models.ForeignKey(
        ArticlePage,
        verbose_name=_("artikel"),
        on_delete=models.CASCADE,
        related_name="related_from",
        help_text=_("En artikel, læseren bør læse bagefter."),
    )

    panels = [FieldPanel("article")]

    class Meta(Orderable.Meta):
        verbose_name = _("relateret artikel")
        verbose_name_plural = _("relaterede artikler")
