"""Demo content for events: the New Year's reception 2018."""

from movement.demo import ensure_child

from .models import EventIndexPage


def load(home, stdout=None):
    return ensure_child(
        home,
        EventIndexPage,
        "arrangementer",
        title="Arrangementer",
        intro="Kommende og afholdte arrangementer i Den Nationale Samskabelsesbevægelse.",
        show_in_menus=True,
    )
