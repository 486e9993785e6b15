"""Published pages for the search tests, built with the real page models."""

import datetime
import itertools

from movement.demo import publish

_counter = itertools.count(1)


def news_index(home):
    from news.models import NewsIndexPage

    existing = NewsIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    page = NewsIndexPage(title="Nyheder", slug="nyheder", intro="Seneste nyt")
    home.add_child(instance=page)
    return publish(page)


def article(home, title, intro="", body_text="", live=True, date=None, **fields):
    """A published ArticlePage (a draft when live=False)."""
    from news.models import ArticlePage

    n = next(_counter)
    page = ArticlePage(
        title=title,
        slug=f"artikel-{n}",
        date=date or datetime.date(2018, 1, 1) + datetime.timedelta(days=n),
        intro=intro,
        body=[("paragraph", f"<p>{body_text}</p>")] if body_text else [],
        **fields,
    )
    parent = news_index(home)
    if live:
        parent.add_child(instance=page)
        return publish(page)
    page.live = False
    parent.add_child(instance=page)
    page.save_revision()
    return page


def neutral_home(home):
    """The shared home fixture's text mentions "kommuner" and "samskabelse";
    blank it so searches find only the pages a test creates."""
    home.title = "Forside"
    home.lede = ""
    home.invitation = ""
    home.save_revision().publish()
    return home
