"""The pure part of Korean word search: normalisation, index terms, query plans."""

from hypothesis import given
from hypothesis import strategies as st

from gamdong.complaints.search_terms import index_terms, normalise, query_plan, text_matches, words

HANGUL = st.characters(min_codepoint=0xAC00, max_codepoint=0xD7A3)
MIXED = st.one_of(
    HANGUL,
    st.sampled_from("abcXYZ0123456789 .,!?·-()\n\t「」"),
    st.characters(codec="utf-8"),
)
texts = st.text(MIXED, max_size=60)


def test_normalisation_lowercases_latin_strips_punctuation_and_collapses_spaces():
    assert normalise("  CCTV 설치,   요청합니다!!\n감사합니다.") == "cctv 설치 요청합니다 감사합니다"


def test_normalisation_composes_hangul_typed_as_separate_jamo():
    decomposed = "\u1103\u1169\u1105\u1169"  # 도로 as conjoining jamo (NFD)
    assert normalise(decomposed) == "도로"


def test_index_terms_are_the_characters_and_bigrams_of_each_word():
    assert index_terms("도로 공사!") == {"도", "로", "도로", "공", "사", "공사"}


def test_one_and_two_syllable_queries_need_one_term_longer_need_all_bigrams():
    [flower] = query_plan("꽃")
    [road] = query_plan("도로")
    [works] = query_plan("도로공사")
    assert flower.terms == ("꽃",)
    assert road.terms == ("도로",)
    assert works.terms == ("도로", "로공", "공사")


def test_query_words_are_deduplicated_and_contained_words_dropped():
    assert [q.word for q in query_plan("도로 도로공사 도로 꽃")] == ["도로공사", "꽃"]


@given(texts)
def test_normalisation_is_idempotent(text):
    assert normalise(normalise(text)) == normalise(text)


@given(texts, st.data())
def test_every_substring_of_a_word_finds_the_text(text, data):
    """100% recall: whatever part of a word a person types, all its terms are indexed."""
    ws = words(text)
    if not ws:
        return
    word = data.draw(st.sampled_from(ws))
    start = data.draw(st.integers(0, len(word) - 1))
    end = data.draw(st.integers(start + 1, len(word)))
    plan = query_plan(word[start:end])
    terms = index_terms(text)
    assert plan, word[start:end]
    for q in plan:
        assert set(q.terms) <= terms
    assert text_matches(normalise(text), plan)


@given(texts, texts)
def test_a_query_matches_only_when_each_word_occurs_contiguously(text, query):
    plan = query_plan(query)
    expected = all(any(q.word in w for w in words(text)) for q in plan)
    assert text_matches(normalise(text), plan) == expected
