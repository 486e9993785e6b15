"""The demo's generated graphics show every Danish letter and dash, never a
box: the typeface covers what is drawn, and a letter it lacks is an error."""

from io import BytesIO

import pytest
from PIL import Image, ImageFont

from movement.artwork.demo_images import (
    FONT_HEAVY,
    FONT_REGULAR,
    MissingGlyphError,
    draw_image,
    missing_glyphs,
    style_for,
)

DANISH = "æøåÆØÅ – — … · › « » „ “ ” ’ é ü ö ä"
SEED_CAPTION = "Nytårskur 2018: Første år i Samskabelsesbevægelsen"
HOME_HERO = "Den Nationale Samskabelsesbevægelse"
NOT_IN_FONT = "\u4e2d"  # a CJK letter: Source Sans 3 has none


@pytest.mark.parametrize("font", [FONT_HEAVY, FONT_REGULAR], ids=["800", "400"])
def test_the_typeface_covers_danish(font):
    assert missing_glyphs(DANISH + SEED_CAPTION + HOME_HERO, font) == []


def test_a_letter_the_font_lacks_is_an_error_not_a_box():
    assert missing_glyphs(f"Samskabelse {NOT_IN_FONT}") == [NOT_IN_FONT]
    with pytest.raises(MissingGlyphError, match="no glyph"):
        draw_image("Prøve", label=f"Samskabelse {NOT_IN_FONT}")


@pytest.mark.parametrize("letter", list("æøåÆØÅ–"))
def test_danish_letters_are_drawn_as_themselves(letter):
    """Rendered with the committed TTF, each letter differs from the font's
    box (.notdef) and from its nearest Latin neighbour."""
    font = ImageFont.truetype(str(FONT_HEAVY), 64)

    def bitmap(text):
        return bytes(font.getmask(text))

    box = bitmap(NOT_IN_FONT)
    assert bitmap(letter) != box
    assert bitmap(letter) != bitmap({"æ": "a", "ø": "o", "å": "a", "Æ": "A", "Ø": "O", "Å": "A", "–": "-"}[letter])


@pytest.mark.parametrize("label", [SEED_CAPTION, HOME_HERO, "I møder til halsen – benspænd til bedre mødekultur"])
def test_the_demo_captions_draw(label):
    image = Image.open(BytesIO(draw_image(label, label=label).read()))
    assert image.size == (1600, 900)
    assert image.format == "JPEG"


def test_the_demo_images_do_not_all_look_alike():
    titles = [SEED_CAPTION, "Samskabelse på tværs", "Ledelseskommissionens anbefalinger"]
    titles += [f"Genereret artikelbillede {n}" for n in range(1, 7)]
    styles = [style_for(title) for title in titles]
    assert len({motif for _colour, motif in styles}) >= 3
    assert len(set(styles)) >= 6
