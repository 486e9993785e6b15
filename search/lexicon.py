"""How Danes write, turned into index terms: one expansion for every backend.

A reader's query is expanded, per word, into a *bounded* set of words that
the index really holds (the vocabulary in `IndexedWord`, filled at index
time), and the backends ask their index for those words:

* **exact**: the word itself (its Danish stem matches its inflections) and the
  editors' synonyms (`SynonymGroup`, "co-creation" = "samskabelse");
* **extra**, ranked below every exact hit:
  - compounds that contain the word as a part ("bevægelse" finds
    "samskabelsesbevægelsen"; parts split off at index time, with the
    linking -s- and -e-),
  - the word's own parts ("frontløbercases" also finds "frontløber … cases"),
  - ae/oe/aa read as æ/ø/å ("velfaerd" finds "velfærd"),
  - typos: edit distance 1 on words of 5 letters or more, 2 from 9 letters
    ("samskabele" finds "samskabelse"),
  - prefixes of 4 letters or more ("samskabels" finds "samskabelsen").

Nothing here scans pages: the vocabulary (one row per distinct word on the
site) is held per worker until anything is published, and a query's words
are looked up in it (sets, a bisect, rapidfuzz's C++ edit distance).

The word list for splitting compounds is wordfreq's Danish list (PyPI,
installed by `make run`) plus the site's own vocabulary (docs/search.md).
"""

import bisect
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import product

from search.text import DANISH_STOP_WORDS, stem, words

# Words longer than this are not words (URLs, ids): never indexed as vocabulary.
MAX_WORD = 40
# Compound splitting: a compound of at least MIN_COMPOUND letters splits into
# a head of at least MIN_HEAD letters ("fag", "sam") and parts of at least
# MIN_PART letters, each a known word; -s- or -e- may link them.
MIN_COMPOUND = 8
MIN_HEAD = 3
MIN_PART = 4
LINKING = ("s", "e")
# Word endings that wordfreq also lists as words ("ioner", "erne", "else"):
# never a part of a compound ("deltag|else", "reg|ioner").
NOT_PARTS = frozenset(
    """
    ene erne else elsen elser elses ende endes ning ninger ningen ningerne heder heden
    hederne ioner ionen ionerne ighed igheder isme ismen iske ister ering eringer
    eringen ation ationer ationen ere erer erne ernes ener ligt lige lighed
    """.split()
)
# Typo tolerance: edit distance 1 from 5 letters, 2 from 9 letters.
TYPO_1_FROM = 5
TYPO_2_FROM = 9
# Prefix completion from this many letters.
PREFIX_FROM = 4
# Bounds on the expansion of one query word (the hot path stays cheap).
MAX_COMPOUNDS = 30
MAX_PREFIXES = 20
MAX_TYPOS = 10
MAX_EXTRA = 60
# Expansions kept per lexicon (per worker, until anything is published).
MAX_KEPT_EXPANSIONS = 1000
FOLDINGS = (("aa", "å"), ("ae", "æ"), ("oe", "ø"))


@lru_cache(maxsize=1)
def dictionary():
    """wordfreq's Danish words (lower case, letters only, 3 letters or more)."""
    from wordfreq import iter_wordlist

    return frozenset(w for w in iter_wordlist("da", wordlist="small") if len(w) >= MIN_HEAD and w.isalpha())


# Words this common are lexicalised ("borgerne", "hinanden", "allerede"): not
# split, though wordfreq knows "bor" and "gerne" (Zipf scale: 4 is once per
# 100,000 words).
COMMON_ZIPF = 4.0


@lru_cache(maxsize=1)
def _frequencies():
    from wordfreq import get_frequency_dict

    return get_frequency_dict("da", wordlist="small")


def common(word):
    return _frequencies().get(word, 0.0) >= 10 ** (COMMON_ZIPF - 9)


def vocabulary_words(text):
    """The distinct words of `text` worth keeping in the vocabulary."""
    return {w.lower() for w in words(text) if 2 <= len(w) <= MAX_WORD and not w.isdigit()}


def split_compound(word, known, _depth=0):
    """`(segments, parts)` of a compound, or None.

    Segments cover the word as written ("samskabelses", "bevægelsen"); parts
    are the known words ("samskabelse", "bevægelsen"). The longest known head
    wins; a linking -s-/-e- between two parts belongs to the head's segment.
    """
    n = len(word)
    if n < (MIN_COMPOUND if _depth == 0 else MIN_PART * 2) or _depth > 3:
        return None
    if _depth == 0 and common(word):
        return None
    for i in range(n - MIN_PART, (MIN_HEAD if _depth == 0 else MIN_PART) - 1, -1):
        head = word[:i]
        if head not in known or head in NOT_PARTS:
            continue
        rest = word[i:]
        tails = [("", rest)]
        if rest[0] in LINKING:
            tails.append((rest[0], rest[1:]))
        for link, tail in tails:
            if len(tail) < MIN_PART or tail in NOT_PARTS:
                continue
            if tail in known:
                return [head + link, tail], [head, tail]
            sub = split_compound(tail, known, _depth + 1)
            if sub:
                return [head + link, *sub[0]], [head, *sub[1]]
    return None


def part_keys(segments, parts):
    """Stems under which a compound is found: each part, and each run of
    adjacent segments short of the whole ("frontløber" in "frontløbercases")."""
    keys = {stem(p) for p in parts}
    for i in range(len(segments)):
        for j in range(i + 2, len(segments) + 1):
            if j - i < len(segments):
                keys.add(stem("".join(segments[i:j])))
    return keys


def folded_variants(word):
    """'velfaerd' -> ['velfærd']; 'nytaarskur' -> ['nytårskur'] (every mix, bounded)."""
    spots = []
    for ascii_form, letter in FOLDINGS:
        start = word.find(ascii_form)
        while start != -1 and len(spots) < 4:
            spots.append((start, ascii_form, letter))
            start = word.find(ascii_form, start + 2)
    if not spots:
        return []
    spots.sort()
    variants = []
    for choice in product((False, True), repeat=len(spots)):
        if not any(choice):
            continue
        out, last, ok = [], 0, True
        for use, (pos, ascii_form, letter) in zip(choice, spots, strict=True):
            if pos < last:  # overlapping ("aae"): skip this mix
                ok = ok and not use
                continue
            if use:
                out.append(word[last:pos])
                out.append(letter)
                last = pos + len(ascii_form)
        if ok:
            out.append(word[last:])
            variants.append("".join(out))
    return list(dict.fromkeys(v for v in variants if v != word))


@dataclass
class Slot:
    """One thing the reader asked for: any exact alternative, or any extra one
    (each alternative is a tuple of words that must all be there)."""

    exact: list
    extra: list = field(default_factory=list)


@dataclass
class Expansion:
    slots: list
    operator: str = "and"

    @property
    def has_extra(self):
        return any(slot.extra for slot in self.slots)


class Lexicon:
    """The site's vocabulary with what expansion needs, built once per stamp."""

    def __init__(self, rows, synonym_groups=()):
        self._expanded = {}
        self.words = frozenset(word for word, _parts in rows)
        self.sorted_words = sorted(self.words)
        self.stems = frozenset(stem(w) for w in self.words)
        by_part, self.parts_of = {}, {}
        for word, parts in rows:
            if not parts:
                continue
            segments = parts.split("|")[0].split()
            plain = parts.split("|")[1].split()
            self.parts_of[word] = tuple(plain)
            for key in part_keys(segments, plain):
                by_part.setdefault(key, []).append(word)
        self.by_part = {key: tuple(sorted(found, key=len)[:MAX_COMPOUNDS]) for key, found in by_part.items()}
        self.synonyms = {}
        self.longest_synonym = 1
        for group in synonym_groups:
            terms = [tuple(w.lower() for w in words(term)) for term in group]
            terms = [t for t in dict.fromkeys(terms) if t]
            for term in terms:
                self.synonyms.setdefault(term, [])
                self.synonyms[term] += [t for t in terms if t != term and t not in self.synonyms[term]]
                self.longest_synonym = max(self.longest_synonym, len(term))

    def known(self, word):
        return word in self.words or stem(word) in self.stems

    def prefixed(self, word):
        start = bisect.bisect_left(self.sorted_words, word)
        found = []
        for candidate in self.sorted_words[start : start + MAX_PREFIXES + 1]:
            if not candidate.startswith(word):
                break
            if candidate != word:
                found.append(candidate)
        return found[:MAX_PREFIXES]

    def typos(self, word):
        """Vocabulary words within the edit distance the word's length allows,
        closest first (adjacent letters swapped count as one edit)."""
        limit = 2 if len(word) >= TYPO_2_FROM else 1 if len(word) >= TYPO_1_FROM else 0
        if not limit or not self.sorted_words:
            return []
        from rapidfuzz import process
        from rapidfuzz.distance import OSA

        found = process.extract(word, self.sorted_words, scorer=OSA.distance, score_cutoff=limit, limit=MAX_TYPOS + 1)
        found.sort(key=lambda hit: (hit[1], abs(len(hit[0]) - len(word)), hit[0]))
        return [candidate for candidate, distance, _i in found if distance and candidate != word][:MAX_TYPOS]

    @cached_property
    def known_for_splitting(self):
        """wordfreq's words and the site's, joined once per lexicon (a join
        of some 30,000 words per query word cost a millisecond each)."""
        return dictionary() | self.words

    def split(self, word):
        """Parts of a word the site does not have (wordfreq's list is loaded,
        once per process, only for such a word)."""
        if len(word) < MIN_COMPOUND:
            return None
        found = split_compound(word, self.known_for_splitting)
        return tuple(found[1]) if found else None

    def extras(self, word):
        """Alternatives for one word that rank below the exact ones."""
        extra = []
        variants = folded_variants(word)
        extra += [(v,) for v in variants]
        for base in [word, *variants]:
            extra += [(c,) for c in self.by_part.get(stem(base), ()) if c != base]
        if len(word) >= PREFIX_FROM:
            extra += [(c,) for c in self.prefixed(word)]
        extra += [(c,) for c in self.typos(word)]
        for base in [word, *variants]:
            parts = self.parts_of.get(base) if base in self.words else self.split(base)
            if parts:
                extra.append(tuple(parts))
                break
        unique = [alt for alt in dict.fromkeys(extra) if alt != (word,)]
        return unique[:MAX_EXTRA]

    def expand(self, query, operator="and"):
        """The expansion of `query`, worked out once per lexicon: a search
        page asks for it three times (highlighting, count, ranking)."""
        key = (query, (operator or "and").lower())
        found = self._expanded.get(key)
        if found is None:
            found = self._expand(query, operator)
            if len(self._expanded) >= MAX_KEPT_EXPANSIONS:
                self._expanded.clear()
            self._expanded[key] = found
        return found

    def _expand(self, query, operator="and"):
        tokens = [w.lower() for w in words(query)]
        meaningful = [w for w in tokens if w not in DANISH_STOP_WORDS] or tokens
        slots, i = [], 0
        while i < len(meaningful):
            for n in range(min(self.longest_synonym, len(meaningful) - i), 0, -1):
                term = tuple(meaningful[i : i + n])
                if n > 1 and term not in self.synonyms:
                    continue
                others = self.synonyms.get(term, [])
                slot = Slot(exact=[term, *others])
                for alternative in slot.exact:
                    if len(alternative) == 1:
                        slot.extra += [x for x in self.extras(alternative[0]) if x not in slot.exact]
                slot.extra = list(dict.fromkeys(slot.extra))[:MAX_EXTRA]
                slots.append(slot)
                i += n
                break
        return Expansion(slots=slots, operator=(operator or "and").lower())

    def suggestion(self, query):
        """The query with each unknown word replaced by the closest known one,
        or None when every word is known or nothing close is ("Mente du …?")."""
        tokens = [w.lower() for w in words(query)]
        changed, out = False, []
        for token in tokens:
            if token in DANISH_STOP_WORDS or token.isdigit() or self.known(token) or (token,) in self.synonyms:
                out.append(token)
                continue
            candidates = [v for v in folded_variants(token) if self.known(v)] or self.typos(token)
            if not candidates:
                out.append(token)
                continue
            out.append(candidates[0])
            changed = True
        return " ".join(out) if changed else None


def current():
    """The lexicon for the site as it is now (kept until anything is published)."""
    from movement.caching import page_cache, structure

    return structure.cached("search-lexicon", _load, deps=(page_cache.ANY,), copy_value=False)


def _load():
    from search.models import IndexedWord, SynonymGroup

    rows = list(IndexedWord.objects.values_list("word", "parts"))
    groups = [group.term_list() for group in SynonymGroup.objects.all()]
    return Lexicon(rows, groups)


def expand(query, operator="and"):
    return current().expand(query, operator)


def record(texts):
    """Add the words of indexed `texts` to the vocabulary, compounds with their
    parts (called by the backends when they index a page)."""
    from search.models import IndexedWord

    found = set()
    for text in texts:
        found |= vocabulary_words(text)
    if not found:
        return
    found = sorted(found)
    existing = set()
    for start in range(0, len(found), 500):
        chunk = found[start : start + 500]
        existing |= set(IndexedWord.objects.filter(word__in=chunk).values_list("word", flat=True))
    new = [w for w in found if w not in existing]
    if not new:
        return
    known = dictionary() | current().words | set(found)
    rows = []
    for word in new:
        split = split_compound(word, known)
        parts = f"{' '.join(split[0])}|{' '.join(split[1])}" if split else ""
        rows.append(IndexedWord(word=word, parts=parts))
    IndexedWord.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
