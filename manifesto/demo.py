"""Demo content for the manifesto."""

from movement.demo import ensure_child

from .models import ManifestoPage


def load(home, stdout=None):
    return ensure_child(
        home,
        ManifestoPage,
        "manifest",
        title="Manifest for samskabelse",
        intro=(
            "Hvad betyder samskabelse, og hvad er forudsætningerne for at lykkes? Læs mere i Manifest for "
            "samskabelse, som RUC og Resonans har taget initiativ til at udvikle sammen med 40 organisationer."
        ),
        show_in_menus=True,
    )
