"""Demo content for news: "What else is cooking?" and the seed's articles."""

from movement.demo import ensure_child

from .models import NewsIndexPage


def load(home, stdout=None):
    return ensure_child(
        home,
        NewsIndexPage,
        "nyheder",
        title="What else is cooking?",
        intro="Nyheder, arrangementer og artikler fra Den Nationale Samskabelsesbevægelse.",
        show_in_menus=True,
    )


def generate_articles(count, stdout=None):
    """N generated articles for benchmarks (filled in with the news app)."""
    raise NotImplementedError("--articles is not available yet")
