"""One search index per language, and the maps that let a query in one script find the other.

mkdocs-static-i18n merges both languages into one ``search/search_index.json``, so a zh-Hant reader
gets zh-Hans pages. ``split`` writes ``search/search_index.json`` (zh-Hans) and
``zh-Hant/search/search_index.json`` (zh-Hant), as UTF-8 rather than ``\\uXXXX`` escapes.

``query_maps`` builds, for each language, what the search worker wrapper
(docs/assets/javascripts/workers/search-kb.js) applies to a query before Material sees it:

- ``words``: words of the other script → the word this language's index holds (账户 → 帳戶 on the
  zh-Hant site; 帳戶 → 账户 on the zh-Hans site), from the data file's ``terms`` and OpenCC, kept
  only where a character-by-character conversion would get the word wrong;
- ``chars``: single characters of the other script → this script's (OpenCC, limited to characters
  the index uses);
- ``numbers``: a phone number's digits as a reader may type them (057188158198, +86 571 …) → the
  way the page writes it, so that a number typed with or without separators finds its page.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import opencc

from kb.data.channels import DataFile, phone_keys
from kb.site import LANGS

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；]+")
_cc: dict[str, opencc.OpenCC] = {}


def cc(config: str) -> opencc.OpenCC:
    if config not in _cc:
        _cc[config] = opencc.OpenCC(config)
    return _cc[config]


def language_of(location: str) -> str:
    return "zh-Hant" if location.startswith("zh-Hant/") else "zh-Hans"


def split(site_dir: Path) -> dict[str, dict]:
    """Rewrite the merged index as one index per language; return them."""
    merged = json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    indexes = {lang: {"config": merged["config"], "docs": []} for lang in LANGS}
    for doc in merged["docs"]:
        lang = language_of(doc["location"])
        if lang == "zh-Hant":
            doc = dict(doc, location=doc["location"][len("zh-Hant/") :])
        indexes[lang]["docs"].append(doc)
    for lang, index in indexes.items():
        path = site_dir / ("" if lang == "zh-Hans" else "zh-Hant") / "search" / "search_index.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return indexes


def tokens(index: dict) -> Counter:
    counts: Counter = Counter()
    for doc in index["docs"]:
        for field in ("title", "text"):
            counts.update(t for t in SEPARATOR.split(re.sub(r"<[^>]+>", " ", doc.get(field, ""))) if t)
        counts.update(doc.get("tags", []))
    return counts


def _char_convert(word: str, chars: dict[str, str]) -> str:
    return "".join(chars.get(c, c) for c in word)


def query_maps(indexes: dict[str, dict], data: DataFile) -> dict[str, dict]:
    toks = {lang: tokens(indexes[lang]) for lang in LANGS}
    han_chars: dict[str, Counter] = {lang: Counter() for lang in LANGS}
    for lang in LANGS:
        for token, n in toks[lang].items():
            for c in token:
                if HAN.match(c):
                    han_chars[lang][c] += n
    glossary = {(t.zh_Hans, t.zh_Hant) for t in data.terms}

    # Characters: Simplified -> the Traditional form the zh-Hant index uses most, and back.
    # A character that is itself written in the other script's index (台, 后, 里 …) is only
    # converted when its counterpart is the more common one there.
    hant, hans = han_chars["zh-Hant"], han_chars["zh-Hans"]
    to_hant: dict[str, str] = {}
    for c, n in hant.most_common():
        s = cc("t2s").convert(c)
        if s != c and s not in to_hant and n > hant[s]:
            to_hant[s] = c
    to_hans: dict[str, str] = {}
    for c in hans:
        for conf in ("s2t", "s2tw", "s2hk"):
            t = cc(conf).convert(c)
            if t != c and hans[t] < hans[c]:
                to_hans.setdefault(t, c)
    for code in range(0x4E00, 0xA000):
        t = chr(code)
        s = cc("t2s").convert(t)
        if s != t and s in hans and hans[t] < hans[s]:
            to_hans.setdefault(t, s)

    # Words: only where converting character by character would give the wrong word.
    hant_words: dict[str, str] = {}
    hans_words: dict[str, str] = {}
    hans_tokens = [t for t in toks["zh-Hans"] if HAN.search(t)]
    for s_word, t_word in sorted(glossary):
        if toks["zh-Hant"][s_word] < toks["zh-Hant"][t_word] and _char_convert(s_word, to_hant) != t_word:
            hant_words[s_word] = t_word
        if toks["zh-Hans"][t_word] < toks["zh-Hans"][s_word] and _char_convert(t_word, to_hans) != s_word:
            hans_words[t_word] = s_word
    # A word the site itself uses more than its counterpart (保存 is both) is never rewritten.
    for w in hans_tokens:
        variants = [cc(conf).convert(w) for conf in ("s2twp", "s2tw", "s2t", "s2hk")]
        target = next((v for v in variants if v in toks["zh-Hant"]), None)
        if target and target != w and toks["zh-Hant"][w] < toks["zh-Hant"][target] and _char_convert(w, to_hant) != target:
            hant_words.setdefault(w, target)
        for v in variants:
            if v != w and toks["zh-Hans"][v] < toks["zh-Hans"][w] and _char_convert(v, to_hans) != w:
                hans_words.setdefault(v, w)

    numbers: dict[str, str] = {}
    for ch in data.channels:
        if ch.kind == "phone":
            shown = " ".join(p for p in re.split(r"\D+", ch.value) if p)
            for key in phone_keys(ch.value, ch.regions[0]) + [re.sub(r"\D", "", ch.value)]:
                numbers.setdefault(key, shown)

    return {
        "zh-Hans": {"words": dict(sorted(hans_words.items())), "chars": dict(sorted(to_hans.items())), "numbers": numbers},
        "zh-Hant": {"words": dict(sorted(hant_words.items())), "chars": dict(sorted(to_hant.items())), "numbers": numbers},
    }


def write_query_maps(site_dir: Path, maps: dict[str, dict]) -> None:
    """As a script the worker loads with importScripts() on the first query."""
    for lang, qmap in maps.items():
        path = site_dir / ("" if lang == "zh-Hans" else "zh-Hant") / "search" / "query_map.js"
        body = json.dumps(qmap, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
        path.write_text(f"self.KB_QUERY_MAP={body};\n", encoding="utf-8")
