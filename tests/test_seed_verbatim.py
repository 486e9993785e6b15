"""The seed's page (`../shared/seeds/`) once and verbatim on the site.

Every line of the seed is compared with the whitespace-normalised visible
text of the page it belongs to (block elements start lines, list items read
"• …" as the seed writes them). A failure names the line and the page.
"""

import re
from pathlib import Path

import pytest

from tests.seed_text import normalise, visible_text

SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_a7abc25d9089a955.txt"
if not SEED.exists():  # a worktree one level deeper (/work/wt/<name>)
    SEED = Path("/work/shared/seeds/000_a7abc25d9089a955.txt")
EVENT = "/arrangementer/nytaarskur-2018/"
PROGRAM = (16, 49)  # "Program: …" to the last participant of the closing session
CARDS = (69, 76)  # the two newest articles in "What else is cooking? Her er seneste nyt"
TIMESTAMP = 78  # the page's publication time: markup, not visible text


def seed_lines():
    """(line number among the non-empty lines, text) of the seed."""
    lines = [line for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return list(enumerate(lines, start=1))


def page_for(number):
    """The page each line of the seed belongs to: all of it is the reception's page."""
    return EVENT


@pytest.fixture
def pages(client, demo_site):
    cache = {}

    def get(url):
        if url not in cache:
            response = client.get(url)
            assert response.status_code == 200, url
            cache[url] = response.content.decode()
        return cache[url]

    return get


def test_the_seed_has_the_lines_this_test_expects():
    lines = dict(seed_lines())
    assert len(lines) == 78
    assert lines[PROGRAM[0]].startswith("Program: ")
    assert lines[PROGRAM[1]] == " • Jacob Torfing, Professor, RUC"
    assert lines[CARDS[0]] == "Udgivet" and lines[CARDS[1] + 1] == "Indlæs flere"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00", lines[TIMESTAMP])


def test_every_line_of_the_seed_reads_verbatim_on_its_page(pages):
    missing = []
    for number, line in seed_lines():
        if number == TIMESTAMP:
            continue
        url = page_for(number)
        if normalise(line) not in visible_text(pages(url), main_only=True):
            missing.append(f"line {number} on {url}: {line.strip()[:100]!r}")
    assert not missing, "Not verbatim:\n" + "\n".join(missing)


def test_the_seed_reads_in_its_order(pages):
    """Outside the cards (whose title a card shows first), the lines come in the seed's order."""
    text = visible_text(pages(EVENT), main_only=True)
    position = 0
    for number, line in seed_lines():
        if number == TIMESTAMP or CARDS[0] <= number <= CARDS[1]:
            continue
        found = text.find(normalise(line), position)
        assert found >= 0, f"line {number} on {EVENT} is out of the seed's order: {line.strip()[:100]!r}"
        position = found + len(normalise(line))


def test_the_program_is_the_seeds_program_and_nothing_else(pages):
    """Catches additions too: "(paneldeltager)" after names, a person listed twice."""
    html = pages(EVENT)
    section = re.search(r'<section class="event__program".*?</section>', html, re.S).group(0)
    lines = dict(seed_lines())
    expected = normalise(" ".join(lines[n] for n in range(PROGRAM[0], PROGRAM[1] + 1)))
    actual = visible_text(section)
    if actual != expected:
        i = next(i for i, (a, b) in enumerate(zip(actual, expected, strict=False)) if a != b)
        raise AssertionError(f"{actual[i - 80 : i + 120]!r}\n!=\n{expected[i - 80 : i + 120]!r}")
    assert "paneldeltager" not in visible_text(html).casefold()


def test_each_line_appears_as_often_as_in_the_seed(pages):
    text = visible_text(pages(EVENT), main_only=True)
    lines = seed_lines()
    every = [normalise(line) for _n, line in lines]
    for number, line in lines:
        wanted = normalise(line)
        if number == TIMESTAMP or len(wanted) < 25:
            continue  # short lines ("Udgivet", "Tilmelding") are also parts of other text
        in_seed = sum(other.count(wanted) for other in every)
        assert text.count(wanted) == in_seed, f"line {number} on {EVENT}: {text.count(wanted)}× for {in_seed}×"


def test_the_graphic_has_a_visible_caption(pages):
    html = pages(EVENT)
    caption = re.search(r"<figcaption[^>]*>(.*?)</figcaption>", html, re.S)
    assert caption, "the graphic's caption must be visible, not only alt text"
    assert normalise(caption.group(1)) == normalise(dict(seed_lines())[52])


def test_the_manifesto_teaser_links_to_the_manifesto(pages):
    html = pages(EVENT)
    assert re.search(r'<a [^>]*href="/manifest/"[^>]*>Læs manifest for samskabelse</a>', html)


def test_the_seed_timestamp_is_the_events_publication_time(pages):
    stamp = dict(seed_lines())[TIMESTAMP]
    assert f'<meta property="article:published_time" content="{stamp}">' in pages(EVENT)
