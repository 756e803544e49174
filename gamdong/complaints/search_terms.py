"""Korean word search, the pure part: how text becomes index terms and a query becomes words.

Korean words are short (도로, 소음, 꽃), so neither a word tokenizer nor trigrams find them
reliably (DESIGN.md, "Known traps"). Instead every word of a text is indexed by its single
characters and its character bigrams:

    "도로 공사" → {"도", "로", "도로", "공", "사", "공사"}

A query word of one character needs its unigram, of two characters its bigram, and a longer
word all its bigrams; the search then checks that the word really occurs contiguously in the
normalised text (so 도로공사 does not match "도로 ... 공사"). Latin letters and digits are
treated exactly like Hangul, so mixed words (CCTV설치, 3단지) work too.

No Django import: this module is tested with hypothesis.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

MAX_QUERY_CHARS = 100  # longer queries are refused (a Korean message, 400)
MAX_QUERY_WORDS = 10

# Unicode categories kept as word characters: letters, marks and digits. Everything else
# (punctuation, symbols, spaces, controls) separates words.
_WORD_CATEGORIES = ("L", "M", "N")


@lru_cache(maxsize=8192)  # a few thousand distinct characters in Korean text
def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in _WORD_CATEGORIES


def normalise(text: str) -> str:
    """NFC, lower case, punctuation and symbols turned into spaces, whitespace collapsed.

    Character-wise apart from the collapsing, so a word (no spaces) occurs in
    normalise(text) exactly where it occurs in the text once cased and composed.
    """
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", text or "").lower())
    cleaned = "".join(ch if _is_word_char(ch) else " " for ch in text)
    return " ".join(cleaned.split())


def words(text: str) -> list[str]:
    """The words of the normalised text, in order."""
    normalised = normalise(text)
    return normalised.split(" ") if normalised else []


def word_terms(word: str) -> list[str]:
    """The terms that must all be indexed for `word` (already normalised) to be present.

    One character: the character itself. Longer: its distinct bigrams, in order.
    """
    if len(word) <= 1:
        return [word] if word else []
    seen: dict[str, None] = {}
    for i in range(len(word) - 1):
        seen.setdefault(word[i : i + 2], None)
    return list(seen)


def index_terms(text: str) -> set[str]:
    """Every term of `text`: the single characters and the bigrams inside each word."""
    return normalised_terms(normalise(text))


def normalised_terms(normalised: str) -> set[str]:
    """index_terms of a text that is already normalised (normalise is idempotent)."""
    terms: set[str] = set()
    for word in normalised.split(" ") if normalised else ():
        terms.update(word)
        terms.update(word[i : i + 2] for i in range(len(word) - 1))
    return terms


@dataclass(frozen=True)
class QueryWord:
    word: str  # normalised; must occur as a contiguous substring of a word of the text
    terms: tuple[str, ...]  # all indexed in any text containing `word`


def query_plan(query: str) -> list[QueryWord]:
    """The words of a query, each with its required terms; duplicates and words contained
    in another query word are dropped (they add nothing to an AND)."""
    distinct: list[str] = []
    for word in words(query):
        if word not in distinct:
            distinct.append(word)
    kept = [w for w in distinct if not any(w != other and w in other for other in distinct)]
    return [QueryWord(word=w, terms=tuple(word_terms(w))) for w in kept]


def text_matches(text_normalised: str, plan: list[QueryWord]) -> bool:
    """True when every query word occurs in the (normalised) text."""
    return all(q.word in text_normalised for q in plan)
