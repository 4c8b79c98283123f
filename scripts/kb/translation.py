"""Translation chores: start a zh-Hant page from its zh-Hans page, and report what is missing or
out of date (in the spirit of the FastAPI docs' translation tooling).

    python scripts/kb.py new-page faq/refund.md       docs/zh-Hant/faq/refund.md from the zh-Hans page
    python scripts/kb.py translation-status [--check] pages missing in one language, and zh-Hant
                                                      pages older (in git) than their zh-Hans page

new-page converts with OpenCC ``s2twp`` (Taiwan standard, with Taiwan phrases), then applies the
word pairs in data/channels.yml ``terms`` where Taiwan usage differs from the plain conversion
(投诉 → 申訴, 二维码 → QR Code …) and the site's house style (台灣, 平台, 「」 quotes). Code, URLs, link targets, ``[[ch:...]]`` shortcodes, HTML tags
and ``{ #id }`` lists are left as they are. The result is a draft: read it and fix the wording.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.data import channels
from kb.site import ROOT

PROTECT = re.compile(
    r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$"  # fenced code
    r"|`[^`\n]+`"  # code spans
    r"|\[\[ch:[^\]\n]*\]\]"  # shortcodes
    r"|\]\([^)\n]*\)"  # link targets
    r"|<!--.*?-->"  # comments and generated markers
    r"|</?[A-Za-z][^<>\n]*>"  # HTML tags
    r"|https?://[^\s)）\]>\"'，。]+"  # bare URLs
    r"|\{[^{}\n]*\}",  # attribute lists, { #id }
    re.M | re.S,
)
PUA = 0xF0000  # placeholders live in a private use plane that OpenCC leaves alone
# The site's zh-Hant house style where s2twp writes otherwise (see the existing zh-Hant pages).
HOUSE_STYLE = [("臺灣", "台灣"), ("平臺", "平台"), ("港澳臺", "港澳台")]
QUOTES = str.maketrans({"“": "「", "”": "」", "‘": "『", "’": "』"})


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("s2twp")


def glossary(path: Path = channels.DATA_FILE) -> list[tuple[str, str]]:
    """(s2twp output, Taiwan word) for every term whose plain conversion is not the Taiwan word."""
    conv = _converter()
    pairs = []
    for term in channels.load(path).terms:
        plain = conv.convert(term.zh_Hans)
        if plain != term.zh_Hant:
            pairs.append((plain, term.zh_Hant))
    return sorted(pairs, key=lambda p: -len(p[0]))


def convert(text: str, pairs: list[tuple[str, str]] | None = None) -> str:
    """zh-Hans Markdown → zh-Hant draft: s2twp, then the glossary; markup untouched."""
    pairs = glossary() if pairs is None else pairs
    kept: list[str] = []

    def hide(m: re.Match) -> str:
        kept.append(m.group(0))
        return chr(PUA + len(kept) - 1)

    hidden = PROTECT.sub(hide, text)
    out = _converter().convert(hidden).translate(QUOTES)
    pairs = sorted(dict(HOUSE_STYLE + list(pairs)).items(), key=lambda p: -len(p[0]))
    if pairs:
        # one pass over the text, longest word first, so that a replacement is never replaced again
        regex = re.compile("|".join(re.escape(plain) for plain, _ in pairs))
        table = dict(pairs)

        def swap(m: re.Match) -> str:
            word = table[m.group(0)]
            before = out[m.start() - 1] if m.start() > 0 else ""
            after = out[m.end()] if m.end() < len(out) else ""
            if word[:1].isascii() and word[:1].isalnum() and _cjk(before):
                word = " " + word
            if word[-1:].isascii() and word[-1:].isalnum() and _cjk(after):
                word = word + " "
            return word

        out = regex.sub(swap, out)
    return re.sub("[\U000f0000-\U000ffffd]", lambda m: kept[ord(m.group(0)) - PUA], out)


def _cjk(ch: str) -> bool:
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf")


def page_name(arg: str) -> str:
    """faq/refund.md from faq/refund.md, zh-Hans/faq/refund.md or docs/zh-Hans/faq/refund.md."""
    name = Path(arg).as_posix()
    for prefix in ("docs/zh-Hans/", "docs/zh-Hant/", "zh-Hans/", "zh-Hant/", "./"):
        if name.startswith(prefix):
            name = name[len(prefix) :]
    if not name.endswith(".md"):
        name += ".md"
    return name


def new_page(arg: str, root: Path = ROOT, force: bool = False, data: Path = channels.DATA_FILE) -> Path:
    """Write docs/zh-Hant/NAME from docs/zh-Hans/NAME; raise FileExistsError / FileNotFoundError."""
    name = page_name(arg)
    source = root / "docs" / "zh-Hans" / name
    target = root / "docs" / "zh-Hant" / name
    if not source.exists():
        raise FileNotFoundError(f"{source.relative_to(root)} does not exist: write the zh-Hans page first")
    if target.exists() and not force:
        raise FileExistsError(f"{target.relative_to(root)} already exists: edit it, or pass --force to overwrite it")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(convert(source.read_text(encoding="utf-8"), glossary(data)), encoding="utf-8")
    return target


# --- status ----------------------------------------------------------------------------------------


@dataclass
class Commit:
    sha: str
    time: int
    subject: str

    def when(self) -> str:
        return dt.datetime.fromtimestamp(self.time, dt.UTC).strftime("%Y-%m-%d %H:%M UTC")


def last_commits(root: Path) -> dict[str, Commit]:
    """The newest commit that touched each file under docs/ (one git call)."""
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%H %ct %s", "--name-only", "--no-renames", "--", "docs"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    seen: dict[str, Commit] = {}
    current: Commit | None = None
    for line in out.split("\n"):
        if line.startswith("\x00"):
            sha, time, subject = (line[1:].split(" ", 2) + [""])[:3]
            current = Commit(sha, int(time), subject)
        elif line.strip() and current is not None:
            seen.setdefault(line.strip(), current)
    return seen


def status(root: Path = ROOT) -> tuple[list[str], list[str]]:
    """(missing, outdated): one message per page, ``path:1: ...``."""
    docs = root / "docs"
    pages = {
        lang: {p.relative_to(docs / lang).as_posix() for p in (docs / lang).rglob("*.md")} if (docs / lang).is_dir() else set()
        for lang in channels.LANGS
    }
    missing = []
    for name in sorted(pages["zh-Hans"] - pages["zh-Hant"]):
        missing.append(f"docs/zh-Hant/{name}:1: missing: start it with `python scripts/kb.py new-page {name}`")
    for name in sorted(pages["zh-Hant"] - pages["zh-Hans"]):
        missing.append(f"docs/zh-Hans/{name}:1: missing: docs/zh-Hant/{name} has no zh-Hans page")
    commits = last_commits(root)
    outdated = []
    for name in sorted(pages["zh-Hans"] & pages["zh-Hant"]):
        hans = commits.get(f"docs/zh-Hans/{name}")
        hant = commits.get(f"docs/zh-Hant/{name}")
        if hans is None or hant is None or hans.time <= hant.time:
            continue
        outdated.append(
            f"docs/zh-Hant/{name}:1: outdated: docs/zh-Hans/{name} changed {hans.when()} ({hans.sha[:7]} {hans.subject}) "
            f"after this page ({hant.when()}, {hant.sha[:7]}); see `git diff {hant.sha[:7]} HEAD -- docs/zh-Hans/{name}` and update the translation"
        )
    return missing, outdated


def report(root: Path = ROOT) -> tuple[str, int, int]:
    missing, outdated = status(root)
    lines = missing + outdated
    total = (
        len({p.relative_to(root / "docs" / "zh-Hans").as_posix() for p in (root / "docs" / "zh-Hans").rglob("*.md")})
        if (root / "docs" / "zh-Hans").is_dir()
        else 0
    )
    lines.append(
        f"translation status: {total} zh-Hans pages, {len(missing)} missing in one language, {len(outdated)} zh-Hant pages older than their zh-Hans page"
    )
    return "\n".join(lines), len(missing), len(outdated)
