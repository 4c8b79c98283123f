"""Jieba dictionaries for Chinese search in both scripts, made from jieba's own and the data file.

jieba ships a Simplified dictionary only, so Traditional text is cut into single characters and
wrong words. ``dict.hans-hant.txt`` adds the OpenCC Traditional (s2t, s2tw) form of every entry;
``user.txt`` adds the site's own terms (data/channels.yml ``terms``) in both scripts. Both files
are derived, kept in .cache/jieba/ and rebuilt only when their inputs change.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import jieba
import opencc

from kb.data.channels import DataFile
from kb.site import CACHE

CACHE = CACHE / "jieba"
DICT = CACHE / "dict.hans-hant.txt"
USER = CACHE / "user.txt"
USER_FREQ = 200000  # high enough that jieba keeps a site term whole


def _write_if_changed(path: Path, text: str) -> None:
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(path)


def build_main_dict() -> Path:
    source = Path(jieba.__file__).parent / "dict.txt"
    stamp = CACHE / "dict.stamp"
    digest = hashlib.sha256(source.read_bytes() + b"v1").hexdigest()
    if DICT.exists() and stamp.exists() and stamp.read_text() == digest:
        return DICT
    converters = [opencc.OpenCC("s2t"), opencc.OpenCC("s2tw")]
    seen, lines = set(), []
    for line in source.read_text(encoding="utf-8").splitlines():
        parts = line.split(" ")
        seen.add(parts[0])
        lines.append(line)
    for line in list(lines):
        word, rest = line.split(" ", 1)
        for conv in converters:
            trad = conv.convert(word)
            if trad not in seen:
                seen.add(trad)
                lines.append(f"{trad} {rest}")
    _write_if_changed(DICT, "\n".join(lines) + "\n")
    stamp.write_text(digest)
    return DICT


def build_user_dict(data: DataFile) -> Path:
    words = []
    for term in data.terms:
        for word in (term.zh_Hans, term.zh_Hant):
            if " " not in word and word not in words:
                words.append(word)
    _write_if_changed(USER, "".join(f"{w} {USER_FREQ} n\n" for w in words))
    return USER


def load_dictionary_once() -> None:
    """Material's search plugin calls jieba.set_dictionary() once per language build, and jieba
    then reloads its whole dictionary (about 1.5 s). Skip the reload when nothing changed."""
    if getattr(jieba.set_dictionary, "kb_once", False):
        return
    original = jieba.set_dictionary

    def set_dictionary(path):
        if jieba.dt.initialized and os.path.abspath(path) == jieba.dt.dictionary:
            return
        original(path)

    set_dictionary.kb_once = True
    jieba.set_dictionary = set_dictionary
