"""The demo's generated graphics, drawn with the site's typeface.

Pillow's default font has no æ, ø, å or "–" and draws boxes for them, so the
demo draws with Source Sans 3 (SIL OFL, movement/artwork/fonts/, converted from the
@fontsource woff files the site serves; docs/design.md). Every text is checked
against the font's character map before drawing: a letter the font lacks is
an error, never a silent box.

Each image gets one of several motifs (tiles, bands, bars, arches, a dot
field), chosen from its title, in the movement's colours, so the demo does
not show the same picture six times.
"""

import io
import zlib
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_REGULAR = FONT_DIR / "SourceSans3-400.ttf"
FONT_HEAVY = FONT_DIR / "SourceSans3-800.ttf"
KICKER = "DEN NATIONALE SAMSKABELSESBEVÆGELSE"

# The design tokens of site.css (docs/design.md), as RGB.
INK = (22, 33, 43)
TEAL = (11, 85, 99)
RED = (200, 16, 46)
SAND = (244, 240, 232)
WHITE = (255, 255, 255)
OCHRE = (217, 162, 27)
BLUE = (31, 58, 104)
GREEN = (47, 107, 79)

# (background, motif colours): white text stays above 4.5:1 on every background.
SCHEMES = [
    (TEAL, [SAND, RED, OCHRE]),
    (INK, [RED, TEAL, SAND]),
    (RED, [SAND, INK, OCHRE]),
    (BLUE, [SAND, OCHRE, RED]),
    (GREEN, [SAND, OCHRE, INK]),
]


class MissingGlyphError(ValueError):
    """The typeface has no glyph for a character the demo wants to draw."""


@cache
def font_characters(path=FONT_HEAVY):
    """The code points the font's character map covers."""
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(path).getBestCmap())


def missing_glyphs(text, path=FONT_HEAVY):
    """The characters of `text` (other than spaces) the font cannot draw."""
    covered = font_characters(Path(path))
    return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})


def _check(text, path):
    missing = missing_glyphs(text, path)
    if missing:
        raise MissingGlyphError(f"{Path(path).name} has no glyph for {missing!r} in {text!r}")


def _font(path, size):
    return ImageFont.truetype(str(path), size)


def _wrap(draw, text, font, width):
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = word
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


def _fit(draw, text, width, max_lines, largest, smallest=36):
    """The largest heavy font size at which `text` wraps into `max_lines`."""
    size = largest
    while True:
        font = _font(FONT_HEAVY, size)
        lines = _wrap(draw, text, font, width)
        longest = max(draw.textlength(line, font=font) for line in lines)
        if (len(lines) <= max_lines and longest <= width) or size <= smallest:
            return font, lines
        size -= 4


# --- motifs: each fills the box (x0, y0, x1, y1) -----------------------------


def _tiles(draw, box, colours, seed):
    """The wordmark's tiles: squares and quarter circles turning to each other."""
    x0, y0, x1, y1 = box
    cell = (y1 - y0) // 4
    for row in range(4):
        for col in range((x1 - x0) // cell + 1):
            x, y = x0 + col * cell, y0 + row * cell
            kind = (seed >> ((row * 7 + col) % 24)) % 4
            colour = colours[(row + col + seed) % len(colours)]
            gap = cell // 12
            if kind == 0:
                draw.rectangle((x + gap, y + gap, x + cell - gap, y + cell - gap), fill=colour)
            elif kind == 1:
                draw.pieslice((x - cell + gap, y + gap, x + cell - gap, y + 2 * cell - gap), 270, 360, fill=colour)
            elif kind == 2:
                draw.pieslice((x + gap, y - cell + gap, x + 2 * cell - gap, y + cell - gap), 90, 180, fill=colour)


def _bands(draw, box, colours, seed):
    """Diagonal bands of different widths."""
    x0, y0, x1, y1 = box
    height = y1 - y0
    x = x0 - height
    n = 0
    while x < x1:
        width = 40 + ((seed >> (n % 20)) % 5) * 30
        colour = colours[n % len(colours)]
        draw.polygon([(x, y1), (x + width, y1), (x + width + height, y0), (x + height, y0)], fill=colour)
        x += width + 36
        n += 1


def _bars(draw, box, colours, seed):
    """Rising bars: many hands, different heights."""
    x0, y0, x1, y1 = box
    count = 9
    step = (x1 - x0) / count
    for n in range(count):
        top = y0 + 40 + ((seed >> (n * 2 % 24)) % 7) * (y1 - y0 - 120) // 7
        left = x0 + n * step + step * 0.12
        draw.rounded_rectangle((left, top, left + step * 0.76, y1), radius=int(step * 0.38), fill=colours[n % 3])


def _arches(draw, box, colours, seed):
    """Arches rising from the foot of the picture, like a bridge."""
    x0, y0, x1, y1 = box
    cx = (x0 + x1) // 2
    radius = min((x1 - x0) // 2 + 80, y1 - y0 - 60)
    for n, colour in enumerate([colours[0], colours[1], colours[2], colours[0], colours[1]]):
        r = radius - n * radius // 5
        draw.pieslice((cx - r, y1 - r, cx + r, y1 + r), 180, 360, fill=colour)


def _dots(draw, box, colours, seed):
    """A field of dots, a few of them in the movement's red: the many and the few."""
    x0, y0, x1, y1 = box
    step = 70
    radius = 20
    for row, y in enumerate(range(y0 + 50, y1 - 20, step)):
        for col, x in enumerate(range(x0 + 50, x1 - 20, step)):
            pick = (seed >> ((row * 5 + col) % 26)) % 9
            colour = colours[1] if pick == 0 else colours[2] if pick == 1 else colours[0]
            r = radius + (8 if pick < 2 else 0)
            draw.ellipse((x - r, y - r, x + r, y + r), fill=colour)


MOTIFS = [_tiles, _bands, _bars, _arches, _dots]


def style_for(title):
    """(background colour, motif) of the image with this title: stable, and
    different for different titles."""
    seed = zlib.crc32(title.encode("utf-8"))
    return SCHEMES[seed % len(SCHEMES)][0], MOTIFS[(seed // len(SCHEMES)) % len(MOTIFS)]


def draw_image(title, size=(1600, 900), label=None):
    """A designed demo graphic as JPEG bytes: a colour field with the label set
    in Source Sans 3, and a motif chosen from the title."""
    text = label or title
    _check(text, FONT_HEAVY)
    _check(KICKER, FONT_HEAVY)
    seed = zlib.crc32(title.encode("utf-8"))
    background, motif = style_for(title)
    colours = dict(SCHEMES)[background]
    width, height = size
    img = Image.new("RGB", size, background)
    draw = ImageDraw.Draw(img)
    split = int(width * 0.56)
    motif(draw, (split, 0, width, height), colours, seed)
    # The text column: kicker with a red rule, then the label as large as fits.
    margin = width // 18
    draw.rectangle((0, 0, split, height), fill=background)
    rule = RED if background != RED else WHITE
    draw.rectangle((margin, margin, margin + 110, margin + 12), fill=rule)
    kicker_font = _font(FONT_HEAVY, max(18, height // 34))
    draw.text((margin, margin + 40), KICKER, font=kicker_font, fill=WHITE)
    font, lines = _fit(draw, text, split - 2 * margin, 4, largest=height // 9)
    line_height = int(font.size * 1.12)
    y = height - margin - line_height * len(lines)
    for line in lines:
        draw.text((margin, y), line, font=font, fill=WHITE)
        y += line_height
    buffer = io.BytesIO()
    img.save(buffer, format="JPEG", quality=86)
    buffer.seek(0)
    return buffer
