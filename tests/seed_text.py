"""Visible text of a rendered page, as a reader (or the seed's extraction) reads it."""

import re
from html.parser import HTMLParser

BLOCK = set(
    "address article aside blockquote br dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 "
    "h6 header hr li main nav ol p pre section summary table td th tr ul option label legend".split()
)
HIDDEN = {"script", "style", "template", "noscript", "head", "title"}


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.hidden = 0
        self.skip_stack = []
        self.lists = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in HIDDEN or "hidden" in attrs:
            if tag not in {"br", "img", "input", "meta", "link"}:
                self.hidden += 1
                self.skip_stack.append(tag)
            return
        if tag in ("ul", "ol"):
            self.lists.append(tag)
        if tag == "li" and self.lists and self.lists[-1] == "ul":
            self.parts.append("\n• ")  # the seed writes bulleted items as " • …"
        elif tag in BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if self.skip_stack and self.skip_stack[-1] == tag:
            self.skip_stack.pop()
            self.hidden -= 1
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(html, main_only=False):
    """Text nodes in order; block elements start new lines; whitespace runs
    become one space (a line break between blocks counts as a space)."""
    if main_only:
        match = re.search(r"<main\b.*?</main>", html, re.S)
        html = match.group(0) if match else html
    parser = _Text()
    parser.feed(html)
    return normalise("".join(parser.parts))


def normalise(text):
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()
