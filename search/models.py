"""The vocabulary the query expansion works from, and the editors' synonyms."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel

from search.text import words


class IndexedWord(models.Model):
    """A distinct word on the site, written at index time (search/lexicon.py).

    `parts` is "segments|parts" for a compound ("samskabelses bevægelsen|
    samskabelse bevægelsen"), empty otherwise. Rows are never deleted: a word
    no page holds any more only expands a query to a term that finds nothing.
    """

    word = models.CharField(max_length=40, unique=True)
    parts = models.CharField(max_length=200, blank=True, default="")

    class Meta:
        verbose_name = _("indekseret ord")
        verbose_name_plural = _("indekserede ord")

    def __str__(self):
        return self.word


class SynonymGroup(models.Model):
    """Words and phrases that mean the same to a reader: a search for one
    finds pages with any of them, on every backend."""

    terms = models.TextField(
        _("synonymer"),
        help_text=_(
            "Ord eller udtryk, der betyder det samme, adskilt af komma eller linjeskift, "
            "fx »co-creation, samskabelse«. En søgning på ét af dem finder sider med dem alle."
        ),
    )

    panels = [FieldPanel("terms")]

    class Meta:
        verbose_name = _("synonymgruppe")
        verbose_name_plural = _("synonymer")
        ordering = ["pk"]

    def __str__(self):
        return ", ".join(self.term_list())

    def term_list(self):
        raw = self.terms.replace("\n", ",").replace(";", ",").split(",")
        return [" ".join(term.split()) for term in raw if words(term)]
