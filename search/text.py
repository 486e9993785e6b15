"""Danish text helpers shared by the SQLite search backend and the excerpts.

One tokenizer and one stemmer for both sides, so whatever the index stores
and whatever the highlighter marks agree on what a "word" is.
"""

import re
from functools import lru_cache

import snowballstemmer

# Letters and digits in any script (æøå included); everything else separates
# words. Quotes, `*`, parentheses and NUL bytes therefore never reach FTS5.
WORD_RE = re.compile(r"\w+", re.UNICODE)

# Snowball's Danish stop word list (the same list PostgreSQL's `danish`
# configuration drops), so "hvad er samskabelse" behaves alike on both.
DANISH_STOP_WORDS = frozenset(
    """
    ad af alle alt anden at blev blive bliver da de dem den denne der deres det
    dette dig din disse dog du efter eller en end er et for fra ham han hans har
    havde have hende hendes her hos hun hvad hvis hvor i ikke ind jeg jer jo kunne
    man mange med meget men mig min mine mit mod ned noget nogle nu når og også om
    op os over på selv sig sin sine sit skal skulle som sådan thi til ud under var
    vi vil ville vor være været
    """.split()
)

_stemmer = snowballstemmer.stemmer("danish")


@lru_cache(maxsize=50_000)
def stem(word):
    """Lower-case Snowball Danish stem of one word; æøå stay as they are."""
    return _stemmer.stemWord(word.lower())


def words(text):
    return WORD_RE.findall(text or "")


def stem_text(text):
    """'Kommunerne samarbejder' -> 'kommun samarbejd' (the form we index)."""
    return " ".join(stem(word) for word in words(text))


def query_stems(query):
    """The stems a query asks for, without stop words (unless that is all there is)."""
    all_words = [word.lower() for word in words(query)]
    meaningful = [word for word in all_words if word not in DANISH_STOP_WORDS]
    unique = []
    for s in map(stem, meaningful or all_words):
        if s not in unique:
            unique.append(s)
    return unique
