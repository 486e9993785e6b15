"""StreamField blocks shared by every page type.

Each block has a Danish label, a help text an editor understands, its own
template under templates/blocks/ and a JSON form for the API that carries
renditions and expanded people rather than bare ids.
"""

from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from movement.api.representations import absolute_url, image_representation, person_representation

# No "document-link": a rich-text link prints the file URL even for members-only
# documents; the document block checks who may download instead.
RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul", "hr"]


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        label = _("Tekst")
        icon = "pilcrow"
        template = "blocks/paragraph.html"
        description = _("Almindelig brødtekst med links, lister og fremhævninger.")
        preview_value = (
            "<p>Samskabelse har i det forgangne år givet anledning til både <b>løftede bryn</b> og "
            "rynkede næser.</p><ul><li>Kommuner</li><li>Regioner</li><li>Staten</li></ul>"
        )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Overskrift"), max_length=200)
    level = blocks.ChoiceBlock(
        label=_("Niveau"),
        choices=[("h2", _("Mellemrubrik (H2)")), ("h3", _("Underrubrik (H3)"))],
        default="h2",
        help_text=_("Brug H2 til afsnit og H3 til underafsnit, så skærmlæsere kan navigere."),
    )

    class Meta:
        label = _("Overskrift")
        icon = "title"
        template = "blocks/heading.html"
        description = _("En overskrift, der deler teksten i afsnit.")
        preview_value = {"text": "Samskabelsen rykkede i 2017", "level": "h2"}


class CaptionedImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Billede"))
    caption = blocks.CharBlock(
        label=_("Billedtekst"),
        required=False,
        max_length=300,
        help_text=_("Vises under billedet. Skriv evt. også fotografens navn."),
    )
    alt = blocks.CharBlock(
        label=_("Alternativ tekst"),
        required=False,
        max_length=300,
        help_text=_("Beskriv billedet for dem, der ikke kan se det. Tomt: billedets egen beskrivelse."),
    )

    class Meta:
        label = _("Billede med billedtekst")
        icon = "image"
        template = "blocks/captioned_image.html"
        description = _("Et billede i teksten med en valgfri billedtekst.")

    def clean(self, value):
        """The image needs alt text here, its own, or the decorative choice
        (movement/editing/alt_text.py)."""
        value = super().clean(value)
        from movement.editing.alt_text import BLOCK_MESSAGE, missing_alt_text

        if not (value.get("alt") or "").strip() and missing_alt_text(value.get("image")):
            from django.core.exceptions import ValidationError

            from wagtail.blocks import StructBlockValidationError

            raise StructBlockValidationError(block_errors={"alt": ValidationError(BLOCK_MESSAGE)})
        return value

    def get_api_representation(self, value, context=None):
        data = image_representation(value["image"])
        if data and value.get("alt"):
            # the block's own alt text for this use: not decorative here
            data["alt"] = value["alt"]
            data["decorative"] = False
        return {"image": data, "caption": value.get("caption", "")}


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(label=_("Citat"))
    attribution = blocks.CharBlock(
        label=_("Afsender"),
        required=False,
        max_length=200,
        help_text=_("Hvem sagde det, f.eks. 'Jacob Torfing, professor, RUC'."),
    )

    class Meta:
        label = _("Citat")
        icon = "openquote"
        template = "blocks/quote.html"
        description = _("Et fremhævet citat.")
        preview_value = {
            "quote": "Ingen alene kan løse de komplekse velfærdsudfordringer, vi sammen står over for.",
            "attribution": "Den Nationale Samskabelsesbevægelse",
        }


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Dokument"))
    title = blocks.CharBlock(
        label=_("Linktekst"),
        required=False,
        max_length=200,
        help_text=_("Tomt: dokumentets titel."),
    )

    class Meta:
        label = _("Link til dokument")
        icon = "doc-full"
        template = "blocks/document_link.html"
        description = _("Et link til et dokument fra dokumentbiblioteket med format og størrelse.")

    def get_api_representation(self, value, context=None):
        document = value["document"]
        if document is None:
            return None
        return {
            "title": value.get("title") or document.title,
            "document": {
                "id": document.pk,
                "title": document.title,
                "extension": document.file_extension,
            },
        }


class CallToActionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Knaptekst"), max_length=80)
    page = blocks.PageChooserBlock(
        label=_("Side"), required=False, help_text=_("Vælg en side på sitet, eller skriv en adresse nedenfor.")
    )
    url = blocks.URLBlock(label=_("Adresse"), required=False)
    description = blocks.TextBlock(label=_("Beskrivelse"), required=False)

    class Meta:
        label = _("Opfordring (knap)")
        icon = "link"
        template = "blocks/call_to_action.html"
        description = _("En tydelig knap, der sender læseren videre, f.eks. til tilmelding.")
        preview_value = {
            "text": "Læs manifest for samskabelse",
            "url": "https://example.org/manifest/",
            "description": "Hvad betyder samskabelse, og hvad er forudsætningerne for at lykkes?",
        }

    def clean(self, value):
        from django.core.exceptions import ValidationError

        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Vælg en side eller skriv en adresse."))}
            )
        return value

    def get_api_representation(self, value, context=None):
        page = value.get("page")
        url = page.url if page else value.get("url")
        return {"text": value["text"], "url": absolute_url(url), "description": value.get("description", "")}


class PersonChooserBlock(SnippetChooserBlock):
    """A person from the shared snippet, expanded in the API."""

    def __init__(self, **kwargs):
        super().__init__("movement.Person", **kwargs)

    def get_api_representation(self, value, context=None):
        return person_representation(value)

    class Meta:
        label = _("Person")
        icon = "user"


class OrganisationChooserBlock(SnippetChooserBlock):
    def __init__(self, **kwargs):
        super().__init__("movement.Organisation", **kwargs)

    def get_api_representation(self, value, context=None):
        from movement.api.representations import organisation_representation

        return organisation_representation(value)

    class Meta:
        label = _("Organisation")
        icon = "group"


class BodyStreamBlock(blocks.StreamBlock):
    """The body of articles and other text pages."""

    paragraph = ParagraphBlock()
    heading = HeadingBlock()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    embed = EmbedBlock(
        label=_("Indlejret video/indhold"),
        icon="media",
        template="blocks/embed.html",
        help_text=_("Indsæt en adresse fra f.eks. YouTube eller Vimeo."),
        description=_("En video eller andet indhold fra en anden tjeneste, vist direkte i teksten."),
    )
    document = DocumentLinkBlock()
    call_to_action = CallToActionBlock()
