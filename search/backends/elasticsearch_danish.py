"""Wagtail's Elasticsearch 9 backend with Danish compounds, folding and the
query expansion of search/lexicon.py.

Index analysis (`danish_analysis()`, merged over `INDEX_SETTINGS`):

* `dictionary_decompounder` with the same word list the database backends
  split compounds with (wordfreq's Danish words): "samskabelsesbevægelsen"
  is indexed with "samskabelse" and "bevægelsen" at its position, so a part
  finds the compound;
* a `multiplexer` that indexes each word both as written and folded to
  ae/oe/aa ("velfærd" and "velfaerd");
* Danish stop words and Snowball stemmer, as the `danish` analyzer has.

Queries: the reader's words as written, boosted `EXACT_BOOST` times, or the
expansion (compounds, folding, prefixes, synonyms, and Elasticsearch's own
fuzziness `AUTO:5,9`: one edit from 5 letters, two from 9), so exact hits rank
first. The vocabulary is recorded as on the database backends.
"""

from functools import lru_cache

from modelsearch.backends import elasticsearch9 as base
from modelsearch.query import PlainText
from modelsearch.utils import deep_update

from search import lexicon

EXACT_BOOST = 10.0
# Edit distance 0 below 5 letters, 1 from 5, 2 from 9 (issue 21).
FUZZINESS = f"AUTO:{lexicon.TYPO_1_FROM},{lexicon.TYPO_2_FROM}"


@lru_cache(maxsize=1)
def decompounder_words():
    """Parts the decompounder may split off: wordfreq's Danish words of
    MIN_PART letters or more, without the endings that are no parts."""
    return sorted(w for w in lexicon.dictionary() if len(w) >= lexicon.MIN_PART and w not in lexicon.NOT_PARTS)


def danish_analysis():
    folding = {"æ": "ae", "ø": "oe", "å": "aa"}
    return {
        "settings": {
            "analysis": {
                "filter": {
                    "danish_stop": {"type": "stop", "stopwords": "_danish_"},
                    "danish_stemmer": {"type": "stemmer", "language": "danish"},
                    "danish_decompounder": {
                        "type": "dictionary_decompounder",
                        "word_list": decompounder_words(),
                        "min_word_size": lexicon.MIN_COMPOUND,
                        "min_subword_size": lexicon.MIN_PART,
                        "max_subword_size": 30,
                        "only_longest_match": True,
                    },
                    **{
                        f"danish_fold_{ascii_form}": {
                            "type": "pattern_replace",
                            "pattern": letter,
                            "replacement": ascii_form,
                        }
                        for letter, ascii_form in folding.items()
                    },
                    "danish_folding": {
                        "type": "multiplexer",
                        "filters": [", ".join(f"danish_fold_{a}" for a in folding.values())],
                        "preserve_original": True,
                    },
                },
                "analyzer": {
                    "default": {
                        "type": "custom",
                        "tokenizer": "standard",
                        "filter": [
                            "lowercase",
                            "danish_stop",
                            "danish_decompounder",
                            "danish_folding",
                            "danish_stemmer",
                            "remove_duplicates",
                        ],
                    },
                },
            }
        }
    }


class DanishElasticsearchQueryCompiler(base.Elasticsearch9SearchQueryCompiler):
    def _compile_plaintext_query(self, query, fields, boost=1.0):
        exact = super()._compile_plaintext_query(query, fields, boost=boost * EXACT_BOOST)
        expansion = lexicon.expand(query.query_string, query.operator)
        slots = []
        for slot in expansion.slots:
            alternatives = [*slot.exact, *slot.extra]
            slots.append(
                {
                    "bool": {
                        "should": [
                            {
                                "multi_match": {
                                    "query": " ".join(alternative),
                                    "operator": "and",
                                    "fuzziness": FUZZINESS,
                                    "fields": [field.field_name_with_boost for field in fields],
                                }
                            }
                            for alternative in alternatives
                        ],
                        "minimum_should_match": 1,
                    }
                }
            )
        if not slots:
            return exact
        joined = {"bool": {"must" if expansion.operator == "and" else "should": slots}}
        return {"bool": {"should": [exact, joined], "minimum_should_match": 1}}

    def get_inner_query(self):
        if isinstance(self.query, PlainText):
            return self._compile_plaintext_query(self.query, self.remapped_fields)
        return super().get_inner_query()


def _strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


class DanishElasticsearchIndex(base.Elasticsearch9Index):
    def add_items(self, model, items):
        super().add_items(model, items)
        mapping = self.mapping_class(model)
        lexicon.record(text for item in items for text in _strings(mapping.get_document(item)))


class DanishElasticsearchSearchBackend(base.Elasticsearch9SearchBackend):
    query_compiler_class = DanishElasticsearchQueryCompiler
    index_class = DanishElasticsearchIndex

    def __init__(self, params):
        super().__init__(params)
        self.settings = deep_update(self.settings, danish_analysis())


SearchBackend = DanishElasticsearchSearchBackend
