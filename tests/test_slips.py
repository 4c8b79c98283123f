"""The slip table (scripts/kb/search/sounds.py) from small made-up sites: which pairs are words,
which stay as typed, which characters may have been typed for a syllable."""

from __future__ import annotations

from kb.search import sounds
from kb.search.pagefind_index import HAN_PAIR


def table_of(texts: list[str], others: list[str], keywords: list[str], lang: str) -> dict:
    held = sounds.Held()
    for text in texts:
        held.add(HAN_PAIR.findall(text))
    for other in others:
        held.add([], HAN_PAIR.findall(other))
    held.add_keywords(keywords)
    return sounds.table(held, lang)


def known(table: dict) -> set[str]:
    return {table["known"][i : i + 2] for i in range(0, len(table["known"]), 2)}


def test_words_are_the_sites_dictionary_words_it_holds_thrice_and_its_two_character_keywords():
    table = table_of(
        ["客服电话，客服电话，客服电话。", "不是不是不是，两个两个两个，小蜜，退款退款，证据证据证据"], [], ["小蜜"], "zh-Hans"
    )
    words = table["words"].split()
    assert {"客服", "电话", "小蜜"} <= set(words), words
    assert "服电" not in words, "a pair across two words (客服|电话) is no word of the site"
    assert "退款" not in words, "a word the site holds only twice is not one of its words"
    assert "不是" not in words and "两个" not in words, "words of grammar or with numerals are never read into"
    assert "证据" in words, "a content word with a grammar character (据) is a word like any other"
    assert words.index("客服") < words.index("小蜜"), "the words most used come first"


def test_a_pair_one_slip_from_a_word_stays_if_the_site_holds_it_or_it_is_a_common_word():
    table = table_of(["客服电话，客服电话，客服电话，电化"], ["電化學"], [], "zh-Hans")
    assert {"客服", "电话"} <= set(table["words"].split())
    kept = known(table)
    assert "克服" in kept, "克服 is a common word of the dictionary: never read as the site's 客服"
    assert "电化" in kept, "the site holds 电化: never read as 电话"
    assert "電化" not in kept, "a pair held only in the other script is kept only if it is one slip from a word"
    assert kept == {"克服", "电化"}, "only pairs one slip from a word are listed"


def test_the_characters_a_reader_may_have_typed_include_the_common_homophones_in_the_sites_script():
    hans = table_of(["客服电话。" * 3], [], [], "zh-Hans")
    assert "店" in hans["syl"]["dian"] and "电" in hans["syl"]["dian"]
    hant = table_of(["客服電話。" * 3], [], [], "zh-Hant")
    assert "店" in hant["syl"]["dian"] and "電" in hant["syl"]["dian"]
    assert "电" not in hant["syl"]["dian"], "zh-Hant's table lists Traditional characters"
    assert "電話" in hant["words"].split()
    assert set(hans["keep"]) >= set("又才的"), hans["keep"]


def test_the_table_holds_the_most_used_words_only_up_to_its_bound(monkeypatch):
    monkeypatch.setattr(sounds, "MOST_WORDS", 1)
    words = table_of(["电话电话电话电话，客服客服客服"], [], [], "zh-Hans")["words"].split()
    assert words == ["电话"], words
