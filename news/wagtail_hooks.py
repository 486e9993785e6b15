"""Admin for news: categories and tags as snippets, with a tag merge.

Wagtail 8 has no tag merge of its own (checked wagtail/snippets and
wagtail/admin), so "Flet" is a small view on the tag viewset: it moves every
article from one tag to another and deletes the first, in one transaction.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.pages import PageListingViewSet
from wagtail.admin.widgets import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import ArticlePage, ArticleTag, Category, TaggedArticle


class CategoryViewSet(SnippetViewSet):
    model = Category
    icon = "folder-open-inverse"
    menu_label = _("Kategorier")
    add_to_admin_menu = False
    list_display = ["name", "slug"]
    search_fields = ["name"]
    search_backend_name = None


class MergeTagForm(forms.Form):
    target = forms.ModelChoiceField(
        queryset=ArticleTag.objects.none(),
        label=_("Flet ind i"),
        help_text=_("Artiklerne får dette emne i stedet, og det nuværende emne slettes."),
    )

    def __init__(self, *args, source, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = ArticleTag.objects.exclude(pk=source.pk).order_by("name")


def merge_tags(source, target):
    """Move every article from `source` to `target`, then delete `source`."""
    with transaction.atomic():
        already = TaggedArticle.objects.filter(tag=target).values("content_object_id")
        TaggedArticle.objects.filter(tag=source, content_object_id__in=already).delete()
        moved = TaggedArticle.objects.filter(tag=source).update(tag=target)
        source.delete()
    return moved


class ArticleTagViewSet(SnippetViewSet):
    model = ArticleTag
    icon = "tag"
    menu_label = _("Emner")
    add_to_admin_menu = False
    list_display = ["name", "slug", Column("article_count", label=_("Artikler"), sort_key="article_count")]
    search_fields = ["name"]
    search_backend_name = None
    ordering = ["name"]

    def get_queryset(self, request):
        return ArticleTag.objects.annotate(article_count=Count("tagged_items"))

    def merge_view(self, request, pk):
        if not (request.user.has_perm("news.change_articletag") and request.user.has_perm("news.delete_articletag")):
            raise PermissionDenied
        source = get_object_or_404(ArticleTag, pk=pk)
        form = MergeTagForm(request.POST or None, source=source)
        if request.method == "POST" and form.is_valid():
            target = form.cleaned_data["target"]
            moved = merge_tags(source, target)
            messages.success(
                request,
                _("'%(source)s' er flettet ind i '%(target)s' (%(count)d artikler flyttet).")
                % {"source": source.name, "target": target.name, "count": moved},
            )
            return redirect(self.get_url_name("list"))
        return TemplateResponse(
            request,
            "news/admin/merge_tag.html",
            {
                "source": source,
                "form": form,
                "page_title": _("Flet emnet '%(name)s'") % {"name": source.name},
                "header_icon": "tag",
                "list_url": reverse(self.get_url_name("list")),
            },
        )

    def get_urlpatterns(self):
        return [*super().get_urlpatterns(), path("merge/<str:pk>/", self.merge_view, name="merge")]


register_snippet(CategoryViewSet)
article_tag_viewset = ArticleTagViewSet()
register_snippet(article_tag_viewset)


@hooks.register("register_snippet_listing_buttons")
def merge_tag_button(snippet, user, next_url=None):
    if isinstance(snippet, ArticleTag) and user.has_perm("news.delete_articletag"):
        yield Button(
            _("Flet ind i et andet emne"),
            reverse(article_tag_viewset.get_url_name("merge"), args=[snippet.pk]),
            icon_name="resubmit",
            priority=50,
        )


class ArticleListingViewSet(PageListingViewSet):
    """All articles in one list with their own menu item and icon, wherever
    they sit in the tree: what editors look for on a busy day."""

    model = ArticlePage
    icon = "doc-full"
    menu_label = _("Artikler")
    menu_order = 110
    add_to_admin_menu = True


@hooks.register("register_admin_viewset")
def register_article_listing():
    return ArticleListingViewSet("artikler")
