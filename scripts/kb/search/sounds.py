"""Typing slips in a search query: the table that lets the search box read 淘保客服店话 as
淘宝客服电话.

Readers type Chinese with a pinyin (or zhuyin) input method, which offers every character that
sounds alike; a wrong pick gives a pair that is on no page (店话 for 电话, 人公 for 人工, 聯洛 for
聯絡). Pagefind leaves such a pair out, and a short query loses half its words. The search box
(docs/assets/javascripts/slips.js, loaded with the index) swaps such a pair for a word of the
site that sounds the same and differs in one character. What it needs comes from here, one small
file per language beside its Pagefind bundle (``sounds.json``, fetched when search opens):

- ``words``: the site's words (at most MOST_WORDS), most used first: the pairs its pages hold
  MIN_USES times or more that are words of jieba's dictionary (电话, not the 服电 of 客服电话),
  and the page keywords of two characters (小蜜, 千牛). None is a word of grammar (不是, 各自:
  FUNCTION_WORDS, or two ``keep`` characters) or holds a numeral;
- ``main``: the most used reading of each of their characters that has several (a word is
  matched by its characters' most used readings: 银行 as yin xing, so 银航 is not read; reading
  words in context would need pypinyin's phrase table, 45 MB more at build time);
- ``syl``: which characters a reader may have typed for each syllable of those words: the
  common characters of the site's script (``common_chars``) and the words' own;
- ``known``: the pairs never to change: those the site holds, and the words jieba's dictionary
  has seen COMMON_WORD times or more (补缴 must not become the site's 补交), each only if it is
  one slip from a word;
- ``keep``: grammar characters a slip never changes (又, 才, 该: 又關店 is no 有關).

The rules that use the table live in slips.js; ``slips`` here mirrors them, so ``known`` holds
only pairs the search box could otherwise read as a slip.
"""

from __future__ import annotations

import json
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import NamedTuple

SOUNDS = "sounds.json"
MIN_USES = 3  # a pair the site holds once or twice is no word of it (a heading's 服电, 引号 on one page)
# The words most used, at most: they bound the table (about 22 KB gz for this site's 1,100 words)
# and its build time however large the site grows.
MOST_WORDS = 2000
# Uses in jieba's dictionary that make a pair a word readers mean when they type it (补缴 4, 电化
# 25), not a slip; its entries seen 3 times or fewer include slips themselves (冻洁, 关水).
COMMON_WORD = 4
SHORT_ENTRY = re.compile(r"^(\S{1,2}) (\d+) (\S+)$", re.M)  # a line of jieba's dict.txt
HAN_ONLY = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff]+$")
# Single characters of grammar (jieba's parts of speech: pronouns, prepositions, conjunctions,
# particles, and the most used adverbs and verbs): a slip is never read into them.
GRAMMAR = ("r", "p", "c", "u", "uj", "ul", "y", "e")
# Words of two characters that are grammar or numbers (不是, 只是, 各自, 之后, 一一): a slip is never
# read into them. Content words with a grammar character (证据, 数据) are words like any other.
FUNCTION_WORDS = ("c", "r", "p", "d", "df", "dg", "f", "m", "mq", "q", "u", "uj", "ul", "uz", "ud", "ug", "uv", "y", "e", "o")
NUMERALS = "零一二三四五六七八九十百千万两几"


class Dictionary(NamedTuple):
    """What the table needs of jieba's dictionary (Simplified words and how often it saw them)."""

    pairs: frozenset[str]  # its words of two characters
    common_pairs: frozenset[str]  # those seen COMMON_WORD times or more
    function_pairs: frozenset[str]  # those that are grammar or numbers (FUNCTION_WORDS)
    grammar: frozenset[str]  # single characters of grammar (GRAMMAR)


@cache
def dictionary() -> Dictionary:
    """jieba's dictionary (pinned in requirements.txt; its file is read, the package is not
    imported)."""
    import importlib.util

    path = Path(importlib.util.find_spec("jieba").origin).parent / "dict.txt"
    pairs, common_pairs, function_pairs, grammar = set(), set(), set(), set()
    for word, uses, pos in SHORT_ENTRY.findall(path.read_text(encoding="utf-8")):
        n = int(uses)
        if len(word) == 2:
            pairs.add(word)
            if n >= COMMON_WORD:
                common_pairs.add(word)
            if pos in FUNCTION_WORDS:
                function_pairs.add(word)
        elif (pos in GRAMMAR and n >= 5000) or (pos == "d" and n >= 40000) or (pos == "v" and n >= 60000):
            grammar.add(word)
    return Dictionary(frozenset(pairs), frozenset(common_pairs), frozenset(function_pairs), frozenset(grammar))


@cache
def common_chars(lang: str) -> frozenset[str]:
    """The characters readers type most, in LANG's script: GB 2312's first level (the 3,755
    characters of everyday use), and for zh-Hant their Traditional and Taiwan forms."""
    level1 = []
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            if row == 0xD7 and cell > 0xF9:
                break  # the end of the first level
            level1.append(bytes([row, cell]).decode("gb2312"))
    return frozenset(_in_script(level1, lang))


def _simplified(chars, lang: str):
    """A function that writes text made of CHARS (LANG's characters) in Simplified, character by
    character (enough to look a pair up in the dictionary, and fast)."""
    if lang == "zh-Hans":
        return lambda text: text
    from kb.search.pagefind_index import converter

    t2s = converter("t2s").convert
    mapping = {ord(ch): t2s(ch) for ch in chars}
    return lambda text: text.translate(mapping)


def _in_script(chars, lang: str) -> set[str]:
    """CHARS (Simplified) as LANG writes them: the same, or their Traditional and Taiwan forms."""
    if lang == "zh-Hans":
        return set(chars)
    from kb.search.pagefind_index import converter

    out = set()
    for ch in chars:
        for config in ("s2t", "s2twp"):
            form = converter(config).convert(ch)
            if len(form) == 1:
                out.add(form)
    return out


@cache
def readings(ch: str) -> tuple[str, ...]:
    """Every reading of CH without tones, the most used first (pypinyin's character readings;
    its phrase readings are not loaded, which saves about 45 MB: PYPINYIN_NO_PHRASES, a
    documented option)."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "true")
    from pypinyin import Style, pinyin

    return tuple(dict.fromkeys(s for s in pinyin(ch, heteronym=True, style=Style.NORMAL)[0] if s.isalpha()))


def warm(lang: str) -> None:
    """Load the dictionary and the readings of LANG's common characters (about 0.3 s), while
    MkDocs is still rendering pages: table() then only looks them up."""
    dictionary()
    for ch in common_chars(lang):
        readings(ch)


class Held:
    """What one language's index holds, counted as the pages come (pagefind_index.searchable
    feeds every piece of text it indexes): its pairs in the language's script, how often; the
    pairs of the other script's forms; and the page keywords of two characters (小蜜, 千牛)."""

    def __init__(self) -> None:
        self.pairs: Counter[str] = Counter()
        self.other: set[str] = set()
        self.keywords: set[str] = set()

    def add(self, pairs: Iterable[str], other: Iterable[str] = ()) -> None:
        """PAIRS: the character pairs of a piece of text (pagefind_index.HAN_PAIR.findall); OTHER:
        those of its other-script form."""
        self.pairs.update(pairs)
        self.other.update(other)

    def add_keywords(self, keywords: list[str]) -> None:
        self.keywords.update(k for k in keywords if len(k) == 2 and HAN_ONLY.match(k))


def table(seen: Held, lang: str) -> dict:
    """The sounds table of one language (see the module docstring) from what its index holds."""
    book = dictionary()
    held = seen.pairs
    typed = common_chars(lang)
    simplified = _simplified(typed | {ch for p in held for ch in p}, lang)
    keep = _in_script(book.grammar, lang)
    numerals = _in_script(NUMERALS, lang)

    def is_word(p: str, n: int) -> bool:
        if set(p) <= keep or set(p) & numerals:
            return False
        return (n >= MIN_USES and simplified(p) in book.pairs and simplified(p) not in book.function_pairs) or p in seen.keywords

    candidates = [p for p, n in held.items() if is_word(p, n)]
    candidates.sort(key=lambda p: (-held[p], p))
    del candidates[MOST_WORDS:]
    # How each word is read: its characters' most used readings.
    sound = {w: tuple((readings(ch) or ("",))[0] for ch in w) for w in candidates}

    # Who may be typed for each syllable the words hold.
    wanted = {s for said in sound.values() for s in said}
    chars = typed | {ch for w in candidates for ch in w}
    syl: dict[str, list[str]] = defaultdict(list)
    for ch in sorted(chars):
        for s in readings(ch):
            if s in wanted:
                syl[s].append(ch)

    # The pairs one slip away from a word (slips.js's rule): to keep when the site holds them or
    # the dictionary knows them as common words.
    def slips(word: str) -> list[str]:
        s0, s1 = sound[word]
        return [ch + word[1] for ch in syl.get(s0, ()) if ch != word[0]] + [
            word[0] + ch for ch in syl.get(s1, ()) if ch != word[1]
        ]

    def common(pair: str) -> bool:
        return simplified(pair) in book.common_pairs

    known = {pair for w in candidates for pair in slips(w) if pair in held or pair in seen.other or common(pair)}
    return {
        "words": " ".join(candidates),
        "main": {ch: readings(ch)[0] for w in candidates for ch in w if len(readings(ch)) > 1},
        "syl": {s: "".join(chs) for s, chs in sorted(syl.items())},
        "known": "".join(sorted(known)),
        "keep": "".join(sorted(keep)),
    }


def write(output: Path, slips: dict) -> None:
    """SLIPS (a table()) as OUTPUT/sounds.json, beside the language's Pagefind bundle."""
    (Path(output) / SOUNDS).write_text(json.dumps(slips, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
