"""Draw the movement's SVG wordmark (mark + name as outlines, so it needs no font).

Run after changing the mark or the name: `.venv/bin/python tools/make_wordmark.py`
(needs `npm install` for the @fontsource woff files). Writes
movement/static/movement/img/wordmark.svg and wordmark-inverse.svg (docs/design.md).
"""

import re
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "node_modules/@fontsource/source-sans-3/files"
OUT = ROOT / "movement/static/movement/img"
NAME_SMALL = "DEN NATIONALE"
NAME_LARGE = "Samskabelsesbevægelse"

# The mark: four tiles, two squares and two quarter circles turning towards
# each other, parts that only make a whole together (co-creation).
MARK = """<rect x="0" y="0" width="22" height="22" rx="2" fill="{teal}"/>
<path d="M26 22V0A22 22 0 0 1 48 22Z" fill="{red}"/>
<path d="M22 26V48A22 22 0 0 1 0 26Z" fill="{red}"/>
<rect x="26" y="26" width="22" height="22" rx="2" fill="{teal}"/>"""

COLOURS = {
    "wordmark.svg": {"teal": "#0b5563", "red": "#c8102e", "small": "#4b5560", "large": "#16212b"},
    "wordmark-inverse.svg": {"teal": "#ffffff", "red": "#ff5a6e", "small": "#ffffff", "large": "#ffffff"},
}


def text_path(font_file, text, size, x, baseline, tracking=0.0):
    """The outline of `text` as one SVG path, and the x where it ends."""
    font = TTFont(font_file)
    glyphs = font.getGlyphSet()
    cmap = font.getBestCmap()
    scale = size / font["head"].unitsPerEm
    parts = []
    for char in text:
        name = cmap[ord(char)]  # KeyError: the font lacks the letter
        pen = SVGPathPen(glyphs)
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, x, baseline)))
        parts.append(
            re.sub(r"-?\d+\.\d+", lambda m: f"{float(m.group()):.1f}".rstrip("0").rstrip("."), pen.getCommands())
        )
        x += glyphs[name].width * scale + tracking * size
    return " ".join(p for p in parts if p), x - tracking * size


def build(colours):
    small, end_small = text_path(FONTS / "source-sans-3-latin-600-normal.woff", NAME_SMALL, 12.5, 60, 17, 0.12)
    large, end_large = text_path(FONTS / "source-sans-3-latin-800-normal.woff", NAME_LARGE, 25, 59, 43, -0.015)
    width = round(max(end_small, end_large) + 2)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 48" width="{width}" height="48" '
        f'role="img" aria-labelledby="t"><title id="t">Den Nationale Samskabelsesbevægelse</title>\n'
        f"{MARK.format(**colours)}\n"
        f'<path fill="{colours["small"]}" d="{small}"/>\n<path fill="{colours["large"]}" d="{large}"/>\n</svg>\n'
    )


if __name__ == "__main__":
    for name, colours in COLOURS.items():
        (OUT / name).write_text(build(colours))
        print(OUT / name)
