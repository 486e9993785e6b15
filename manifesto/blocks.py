"""The manifesto's own blocks: its text in sections."""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks

# No "document-link": a link to a members-only document inside the text would
# put its file name and URL on the public page (docs/manifesto.md).
SECTION_TEXT_FEATURES = ["h3", "bold", "italic", "link", "ol", "ul"]


class ManifestoSectionBlock(blocks.StructBlock):
    """One section of the manifesto: a heading and its text."""

    heading = blocks.CharBlock(
        label=_("Overskrift"),
        max_length=200,
        help_text=_("Afsnittets overskrift, f.eks. 'De 7 principper'. Vises som en mellemrubrik (H2)."),
    )
    text = blocks.RichTextBlock(
        label=_("Tekst"),
        features=SECTION_TEXT_FEATURES,
        help_text=_("Afsnittets tekst. Brug underrubrikker (H3) til at dele et langt afsnit."),
    )

    class Meta:
        label = _("Afsnit")
        icon = "doc-full"
        template = "blocks/manifesto_section.html"
        description = _("Et afsnit af manifestet med overskrift og tekst.")


class ManifestoStreamBlock(blocks.StreamBlock):
    section = ManifestoSectionBlock()

    class Meta:
        label = _("Manifestets tekst")
