"""Content checks on docs/: the same pages and headings in both languages, clean characters,
real content on every page, and a complete FAQ index.

Each check returns ``Problem``s that print as ``path:line: what is wrong: how to fix it``;
``python scripts/kb.py check`` runs them with the other fast checks, and pre-commit and the tests
call the same functions.

    languages   both languages have the same pages, and each page the same ``##`` sections and
                ``###`` questions with the same explicit ``{ #id }`` ids, in the same order
    characters  no Kangxi radical or CJK compatibility look-alike anywhere in docs/ or overrides/
                (they look right and break search and conversion), and no Simplified-only
                character in a zh-Hant page or template (code, URLs, comments, [[ch:...]],
                “简体中文” and <span lang="zh-Hans">…</span> skipped)
    pages       no page under MIN_TEXT characters of text (FAQ index and generated-table pages:
                MIN_PROSE characters of their own prose); the FAQ index lists every ``###``
                question of every FAQ page, linked to its anchor, exactly as
                ``python scripts/kb.py faq-index`` writes it; at least MIN_QUESTIONS questions
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kb.site import LANGS, ROOT

MIN_TEXT = 300
MIN_PROSE = 150
MIN_QUESTIONS = 40
FAQ_DIR = "faq"
FAQ_INDEX = "faq/index.md"


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def rel(path: Path, root: Path) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


# --- reading a page ------------------------------------------------------------------------------

HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*$")
ATTRS = re.compile(r"[ \t]*\{:?([^{}]*)\}[ \t]*$")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")


@dataclass
class Heading:
    level: int
    title: str  # without the attribute list
    id: str | None
    line: int
    raw: str

    def label(self) -> str:
        return f"{'#' * self.level} {self.title}" + (f" {{ #{self.id} }}" if self.id else "")


@dataclass
class Page:
    path: Path
    text: str
    lines: list[str]
    front_matter_end: int  # number of lines of front matter (0 when none)
    code_lines: set[int]  # 1-based lines inside fenced code (fences included)
    headings: list[Heading]


def front_matter_lines(lines: list[str]) -> int:
    if lines and lines[0].strip() == "---":
        for no, line in enumerate(lines[1:], 2):
            if line.strip() in ("---", "..."):
                return no
    return 0


def read_page(path: Path) -> Page:
    return parse_page(path.read_text(encoding="utf-8"), path)


def parse_page(text: str, path: Path = Path("<text>")) -> Page:
    """A Markdown page's front matter, fenced code and headings: the one reader of page structure
    that the text checks and the source scan (kb/checks/contacts.py) share."""
    lines = text.split("\n")
    fm = front_matter_lines(lines)
    code: set[int] = set()
    headings: list[Heading] = []
    fence: str | None = None
    for no, line in enumerate(lines, 1):
        if no <= fm:
            continue
        m = FENCE.match(line)
        if fence:
            code.add(no)
            if m and m.group(1)[0] == fence[0] and len(m.group(1)) >= len(fence):
                fence = None
            continue
        if m:
            fence = m.group(1)
            code.add(no)
            continue
        h = HEADING.match(line)
        if h:
            title = h.group(2)
            hid = None
            a = ATTRS.search(title)
            if a:
                ids = re.findall(r"#([\w-]+)", a.group(1))
                hid = ids[0] if ids else None
                title = title[: a.start()].rstrip()
            headings.append(Heading(len(h.group(1)), title.rstrip("#").rstrip(), hid, no, line))
    return Page(path, text, lines, fm, code, headings)


def pages_of(docs: Path, lang: str) -> dict[str, Path]:
    base = docs / lang
    return {p.relative_to(base).as_posix(): p for p in sorted(base.rglob("*.md"))} if base.is_dir() else {}


# --- 1. the same pages, sections and questions in both languages ---------------------------------


def check_languages(docs: Path = ROOT / "docs", root: Path = ROOT) -> list[Problem]:
    problems: list[Problem] = []
    hans, hant = pages_of(docs, "zh-Hans"), pages_of(docs, "zh-Hant")
    for name in sorted(set(hans) - set(hant)):
        problems.append(
            Problem(
                rel(docs / "zh-Hant" / name, root),
                1,
                f"missing page: {rel(hans[name], root)} has no zh-Hant version; start one with "
                f"`python scripts/kb.py new-page {name}` and revise the wording",
            )
        )
    for name in sorted(set(hant) - set(hans)):
        problems.append(
            Problem(
                rel(docs / "zh-Hans" / name, root),
                1,
                f"missing page: {rel(hant[name], root)} has no zh-Hans version; add the zh-Hans page "
                "(the default language) or remove the zh-Hant one",
            )
        )
    for name in sorted(set(hans) & set(hant)):
        problems.extend(_compare(read_page(hans[name]), read_page(hant[name]), root))
    return sorted(problems)


def _compare(a: Page, b: Page, root: Path) -> list[Problem]:
    """Headings ## and ### of the zh-Hans page ``a`` against its zh-Hant page ``b``."""
    problems: list[Problem] = []
    pa, pb = rel(a.path, root), rel(b.path, root)
    ha = [h for h in a.headings if h.level in (2, 3)]
    hb = [h for h in b.headings if h.level in (2, 3)]
    for _page, path, hs, other in ((a, pa, ha, hb), (b, pb, hb, ha)):
        seen: dict[str, int] = {}
        for k, h in enumerate(hs):
            if not h.id:
                hint = ""
                twin = _twin(hs, other, k)
                if twin is not None and twin.id:
                    hint = f" (its counterpart uses {{ #{twin.id} }})"
                problems.append(
                    Problem(
                        path,
                        h.line,
                        f"“{h.label()}” has no explicit id: add {{ #some-id }} at the end of the heading, the same in both languages{hint}",
                    )
                )
            elif h.id in seen:
                problems.append(
                    Problem(
                        path,
                        h.line,
                        f"id #{h.id} is used twice in this page (also line {seen[h.id]}): give each heading its own id",
                    )
                )
            else:
                seen[h.id] = h.line
    ka = [(h.level, h.id) for h in ha]
    kb = [(h.level, h.id) for h in hb]
    if ka == kb:
        return problems
    matcher = difflib.SequenceMatcher(a=ka, b=kb, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for x, y in zip(ha[i1:i2], hb[j1:j2]):
                if x.id == y.id:
                    problems.append(
                        Problem(
                            pb,
                            y.line,
                            f"“{y.label()}” is level {y.level} here but level {x.level} in {pa}:{x.line}: use {'#' * x.level} in both",
                        )
                    )
                else:
                    problems.append(
                        Problem(
                            pb,
                            y.line,
                            f"“{y.label()}” does not match {pa}:{x.line} “{x.label()}”: both languages need the same headings with the same ids in the same order (use {{ #{x.id} }} here, or fix the order)",
                        )
                    )
            continue
        for x in ha[i1:i2]:
            where = hb[j1].line if j1 < len(hb) else (hb[-1].line if hb else 1)
            problems.append(
                Problem(
                    pb,
                    where,
                    f"missing heading: {pa}:{x.line} has “{x.label()}” and this page has no {'#' * x.level} with {{ #{x.id} }}: add the translated heading {'before' if j1 < len(hb) else 'after'} this line",
                )
            )
        for y in hb[j1:j2]:
            problems.append(
                Problem(
                    pb,
                    y.line,
                    f"“{y.label()}” has no counterpart in {pa}: add it there with the same id and position, or remove it here",
                )
            )
    return problems


def _twin(hs: list[Heading], other: list[Heading], k: int) -> Heading | None:
    return other[k] if len(hs) == len(other) and k < len(other) and other[k].level == hs[k].level else None


# --- 2. characters -------------------------------------------------------------------------------

# CJK Radicals Supplement characters that look like a character, with the character to use
# (from their Unicode names). Kangxi radicals and compatibility ideographs map through NFKC.
RADICALS = dict(
    (chr(int(t[:4], 16)), t[4:])
    for t in [
        "2E81厂",
        "2E85亻",
        "2E86冂",
        "2E8A卜",
        "2E90尢",
        "2E92巳",
        "2E93幺",
        "2E94彑",
        "2E95彐",
        "2E96忄",
        "2E98扌",
        "2E99攵",
        "2E9B旡",
        "2E9D月",
        "2E9E歺",
        "2E9F母",
        "2EA0民",
        "2EA1氵",
        "2EA2氺",
        "2EA3灬",
        "2EA4爫",
        "2EA6丬",
        "2EA8犭",
        "2EA9王",
        "2EAA疋",
        "2EAB罒",
        "2EAC礻",
        "2EB9耂",
        "2EBB聿",
        "2EBC月",
        "2EBE艹",
        "2EBF艹",
        "2EC0艹",
        "2EC2衤",
        "2EC3覀",
        "2EC4西",
        "2EC5见",
        "2EC6角",
        "2EC8讠",
        "2EC9贝",
        "2ECB车",
        "2ECC辶",
        "2ECD辶",
        "2ECF阝",
        "2ED0钅",
        "2ED1長",
        "2ED3长",
        "2ED4门",
        "2ED6阝",
        "2ED7雨",
        "2ED8青",
        "2ED9韦",
        "2EDA页",
        "2EDB风",
        "2EDC飞",
        "2EDD食",
        "2EE0饣",
        "2EE2马",
        "2EE3骨",
        "2EE4鬼",
        "2EE5鱼",
        "2EE6鸟",
        "2EE7卤",
        "2EE8麦",
        "2EE9黄",
        "2EEA黾",
        "2EEC齐",
        "2EEE齿",
        "2EF0龙",
        "2EF1龜",
        "2EF3龟",
    ]
)


def lookalike(ch: str) -> tuple[str, str] | None:
    """(what it is, the character to use) for a radical or compatibility look-alike; else None."""
    cp = ord(ch)
    if 0x2F00 <= cp <= 0x2FDF:
        return "a Kangxi radical", unicodedata.normalize("NFKC", ch)
    if 0x2E80 <= cp <= 0x2EFF:
        return "a CJK radical", RADICALS.get(ch, "")
    if 0xF900 <= cp <= 0xFAFF or 0x2F800 <= cp <= 0x2FA1F:
        fixed = unicodedata.normalize("NFKC", ch)
        if fixed != ch:
            return "a CJK compatibility ideograph", fixed
    return None


# A character is flagged when CC-CEDICT (hanzidentifier) knows it only as a Simplified form AND
# OpenCC s2twp would change it; characters used in both scripts (台, 里, 后, 干, 面 …) are never
# flagged. This reviewed list holds exceptions to that rule, each with its reason; it is empty
# because no zh-Hant page has needed one (冲, 线, 并, 叙, 历, 闲 … are all Simplified forms).
TRADITIONAL_OK: dict[str, str] = {}

SKIP_IN_HANT = [
    re.compile(r"^[ \t]*(`{3,}|~{3,}).*?^[ \t]*\1[ \t]*$", re.M | re.S),  # fenced code
    re.compile(r"`[^`\n]+`"),  # code spans
    re.compile(r"\[\[ch:[^\]]*\]\]"),  # shortcodes
    re.compile(r"\]\([^)\n]*\)|<https?://[^>\n]*>|https?://[^\s)）\]>\"']+"),  # link targets and URLs
    re.compile(r"<!--.*?-->|\{#.*?#\}", re.S),  # HTML and Jinja comments
    re.compile(r"<(?P<tag>[A-Za-z][\w-]*)\b[^>]*\blang=[\"']?zh-(?:Hans|CN|SG)[^>]*>.*?</(?P=tag)>", re.S | re.I),
    re.compile(r"</?[A-Za-z][^<>\n]*>"),  # other tags (their text stays)
    re.compile(r"简体中文"),  # the name of the other language
    re.compile(r"\{[^{}\n]*\}[ \t]*$", re.M),  # attribute lists
]


@lru_cache(maxsize=1)
def _simplified_only() -> frozenset[str]:
    from hanzidentifier import helpers

    return frozenset(helpers.SIMPLIFIED_CHARACTERS - helpers.TRADITIONAL_CHARACTERS)


@lru_cache(maxsize=1)
def _s2twp():
    import opencc

    return opencc.OpenCC("s2twp")


def simplified_chars(text: str) -> list[tuple[int, str]]:
    """(offset, character) of every Simplified-only character outside the skipped spans."""
    masked = list(text)
    for regex in SKIP_IN_HANT:
        for m in regex.finditer(text):
            for k in range(m.start(), m.end()):
                if masked[k] != "\n":
                    masked[k] = " "
    simp = _simplified_only()
    conv = _s2twp()
    out = []
    for k, ch in enumerate(masked):
        if ch in simp and ch not in TRADITIONAL_OK and conv.convert(ch) != ch:
            out.append((k, ch))
    return out


def check_characters(paths: Iterable[Path], root: Path = ROOT) -> list[Problem]:
    problems: list[Problem] = []
    for path in paths:
        if path.suffix.lower() not in (".md", ".html", ".yml", ".yaml", ".txt", ".js", ".css", ".svg", ".json"):
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue
        shown = rel(path, root)
        starts = [0] + [m.end() for m in re.finditer("\n", text)]
        for lineno, line in enumerate(text.split("\n"), 1):
            for ch in line:
                found = lookalike(ch)
                if not found:
                    continue
                what, fixed = found
                fix = (
                    f"replace it with “{fixed}” (U+{ord(fixed[0]):04X})"
                    if fixed
                    else "retype the character with a Chinese input method"
                )
                problems.append(Problem(shown, lineno, f"“{ch}” (U+{ord(ch):04X}) is {what} that looks like a character: {fix}"))
        if path.suffix.lower() in (".md", ".html") and _is_hant(path, root):
            conv = _s2twp()
            for offset, ch in simplified_chars(text):
                lineno = _line_at(starts, offset)
                word = _word_at(text, offset)
                problems.append(
                    Problem(
                        shown,
                        lineno,
                        f"“{ch}” is a Simplified character in a zh-Hant page: write “{conv.convert(ch)}” "
                        f'(“{word}” → “{conv.convert(word)}” with OpenCC s2twp); a quoted Simplified name goes in <span lang="zh-Hans">…</span>',
                    )
                )
    return sorted(dict.fromkeys(problems), key=lambda p: (p.path, p.line))  # same line: in reading order


def _is_hant(path: Path, root: Path) -> bool:
    """docs/zh-Hant/** and zh-Hant templates (overrides/partials/languages/zh-Hant.html)."""
    parts = Path(rel(path, root)).parts
    return "zh-Hant" in parts or path.stem == "zh-Hant"


def _line_at(starts: list[int], offset: int) -> int:
    lo, hi = 0, len(starts)
    while lo + 1 < hi:
        mid = (lo + hi) // 2
        if starts[mid] <= offset:
            lo = mid
        else:
            hi = mid
    return lo + 1


def _word_at(text: str, offset: int) -> str:
    a = offset
    while a > 0 and offset - a < 4 and unicodedata.category(text[a - 1]) == "Lo":
        a -= 1
    b = offset + 1
    while b < len(text) and b - offset < 4 and unicodedata.category(text[b]) == "Lo":
        b += 1
    return text[a:b]


def docs_files(docs: Path = ROOT / "docs", *more: Path) -> list[Path]:
    return sorted(p for d in (docs, *more) if d.is_dir() for p in d.rglob("*") if p.is_file())


# --- 3. real content, and the FAQ index ----------------------------------------------------------

GENERATED = re.compile(r"^<!-- generated:[a-z-]+ -->[ \t]*$", re.M)
LINK_ITEM = re.compile(r"^[ \t]*[-*+][ \t]+\[[^\]]+\]\([^)]*\)[ \t]*$", re.M)


def text_length(page: Page, prose_only: bool = False) -> int:
    """Characters of readable text: no front matter, code, markup, link targets or generated markers."""
    body = "\n".join(line for no, line in enumerate(page.lines, 1) if no > page.front_matter_end and no not in page.code_lines)
    body = re.sub(r"<!--.*?-->", "", body, flags=re.S)
    body = re.sub(r"\[\[ch:[^\]]*\]\]", "", body)
    if prose_only:
        body = LINK_ITEM.sub("", body)
    body = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", body)
    body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)
    body = re.sub(r"<[^<>]+>", "", body)
    body = re.sub(r"\{[^{}\n]*\}", "", body)
    body = re.sub(r"https?://\S+", "", body)
    body = re.sub(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]*[\w-]+", "", body, flags=re.M)
    body = re.sub(r"[\s#*_>`|~=\-\[\]()!:\"“”]", "", body)
    return len(body)


def check_pages(docs: Path = ROOT / "docs", root: Path = ROOT, min_questions: int = MIN_QUESTIONS) -> list[Problem]:
    problems: list[Problem] = []
    for lang in LANGS:
        for name, path in pages_of(docs, lang).items():
            page = read_page(path)
            generated = bool(GENERATED.search(page.text))
            is_index = name == FAQ_INDEX
            prose_only = generated or is_index
            size = text_length(page, prose_only=is_index)
            need = MIN_PROSE if prose_only else MIN_TEXT
            if size < need:
                kind = (
                    "characters of prose besides the generated table"
                    if generated
                    else "characters of prose besides the question list"
                    if is_index
                    else "characters of text"
                )
                problems.append(
                    Problem(
                        rel(path, root),
                        1,
                        f"too short: {size} {kind} (at least {need}): write the page's content (in both languages)",
                    )
                )
        problems.extend(check_faq_index(docs, lang, root, min_questions))
    return sorted(problems)


# The FAQ index: under "## <topic> { #<page> }" a list with one "- [question](<page>.md#id)" per
# ### question of faq/<page>.md, in page order. `kb.py faq-index` writes it; the check compares.


def faq_questions(docs: Path, lang: str) -> dict[str, list[Heading]]:
    out = {}
    for name, path in pages_of(docs, lang).items():
        if name.startswith(FAQ_DIR + "/") and name != FAQ_INDEX and name.count("/") == 1:
            page = read_page(path)
            out[Path(name).stem] = [h for h in page.headings if h.level == 3]
    return out


def _item(stem: str, h: Heading) -> str:
    return f"- [{h.title}]({stem}.md#{h.id})"


def render_faq_index(docs: Path, lang: str) -> str | None:
    """The FAQ index with every question list regenerated; None if the index does not exist."""
    path = docs / lang / FAQ_INDEX
    if not path.exists():
        return None
    page = read_page(path)
    questions = faq_questions(docs, lang)
    lines = list(page.lines)
    sections = {h.id: h for h in page.headings if h.level == 2 and h.id}
    order = [h for h in page.headings if h.level <= 2]
    edits = []  # (start, end, new lines), 0-based, end exclusive
    for stem, qs in questions.items():
        items = [_item(stem, q) for q in qs if q.id]
        sec = sections.get(stem)
        if sec is None:
            continue  # reported by the check as a missing section
        start = sec.line  # 0-based index of the line after the heading
        nxt = [h.line for h in order if h.line > sec.line]
        end = (nxt[0] - 1) if nxt else len(lines)
        link = re.compile(r"^[ \t]*[-*+][ \t]+\[[^\]]*\]\((?:\./)?" + re.escape(stem) + r"\.md#[^)]*\)[ \t]*$")
        block = [k for k in range(start, end) if link.match(lines[k])]
        if block:
            a, b = block[0], block[-1] + 1
            edits.append((a, b, items))
        else:
            filled = [k for k in range(start, end) if lines[k].strip()]
            if filled:  # after the section's own text
                edits.append((filled[-1] + 1, filled[-1] + 1, [""] + items))
            else:
                edits.append((start, start, [""] + items + ([""] if end < len(lines) else [])))
    for a, b, new in sorted(edits, reverse=True):
        lines[a:b] = new
    return "\n".join(lines)


def check_faq_index(docs: Path, lang: str, root: Path = ROOT, min_questions: int = MIN_QUESTIONS) -> list[Problem]:
    path = docs / lang / FAQ_INDEX
    shown = rel(path, root)
    questions = faq_questions(docs, lang)
    problems: list[Problem] = []
    if not questions:
        return problems
    if not path.exists():
        return [
            Problem(
                shown, 1, "missing FAQ index: create it with a ## section per FAQ page, then run `python scripts/kb.py faq-index`"
            )
        ]
    page = read_page(path)
    total = sum(len(qs) for qs in questions.values())
    if total < min_questions:
        problems.append(
            Problem(
                shown,
                1,
                f"only {total} questions (### headings) in {lang}/{FAQ_DIR}/*.md, at least {min_questions} are needed: add questions to the FAQ pages",
            )
        )
    sections = {h.id: h for h in page.headings if h.level == 2 and h.id}
    for stem in questions:
        if stem not in sections:
            problems.append(
                Problem(
                    shown,
                    len(page.lines),
                    f"no section for {stem}.md: add “## <its title> {{ #{stem} }}”, then run `python scripts/kb.py faq-index`",
                )
            )
    # every link in the index must point to an existing question
    known = {(stem, q.id) for stem, qs in questions.items() for q in qs}
    for no, line in enumerate(page.lines, 1):
        for m in re.finditer(r"\]\((?:\./)?([\w-]+)\.md#([\w-]+)\)", line):
            if m.group(1) in questions and (m.group(1), m.group(2)) not in known:
                problems.append(
                    Problem(
                        shown,
                        no,
                        f"{m.group(1)}.md#{m.group(2)} is not a question: {m.group(1)}.md has no ### {{ #{m.group(2)} }}; run `python scripts/kb.py faq-index`",
                    )
                )
    expected = render_faq_index(docs, lang)
    if expected is not None and expected != page.text:
        have = page.text.split("\n")
        want = expected.split("\n")
        matcher = difflib.SequenceMatcher(a=have, b=want, autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                continue
            for line in want[j1:j2]:
                if line.strip():
                    problems.append(
                        Problem(
                            shown,
                            min(i1 + 1, len(have)),
                            f"the question list is out of date: expected “{line}” here; run `python scripts/kb.py faq-index` to rewrite the lists",
                        )
                    )
            for k in range(i1, i2):
                if have[k].strip() and have[k] not in want[j1:j2]:
                    problems.append(
                        Problem(
                            shown,
                            k + 1,
                            f"the question list is out of date: “{have[k]}” matches no question; run `python scripts/kb.py faq-index` to rewrite the lists",
                        )
                    )
    return sorted(set(problems))


def write_faq_index(docs: Path = ROOT / "docs", check: bool = False, root: Path = ROOT) -> tuple[int, list[str]]:
    """Rewrite the question lists of both FAQ indexes; in check mode only report. (status, messages)"""
    status, messages = 0, []
    for lang in LANGS:
        path = docs / lang / FAQ_INDEX
        expected = render_faq_index(docs, lang)
        if expected is None:
            continue
        current = path.read_text(encoding="utf-8")
        if expected == current:
            messages.append(f"{rel(path, root)} is up to date")
            continue
        status = 1
        if check:
            messages.append(f"{rel(path, root)} is out of date: run `python scripts/kb.py faq-index`")
        else:
            path.write_text(expected, encoding="utf-8")
            messages.append(f"{rel(path, root)} rewritten: review the diff")
    return (status if check else 0), messages


# --- Taiwan wording in zh-Hant ----------------------------------------------------------------

WORDING_FILE = ROOT / "data" / "wording.yml"
# Text that the wording check skips besides front matter and fenced code (parse_page): inline
# code, link targets, quoted mainland titles and Hong Kong app labels. Replaced by spaces of the
# same length, so offsets (and lines) stay true.
_NOT_PROSE = re.compile(
    r"`[^`\n]*`"  # inline code
    r"|\]\([^)\n]*\)"  # link targets
    r"|<span lang=\"zh-(?:Hans|HK)\">.*?</span>",
    re.S,
)


def load_wording(path: Path = WORDING_FILE) -> list[dict]:
    """The reviewed list of mainland / Hong Kong forms and their Taiwan replacements."""
    import yaml

    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or not item.get("avoid") or not item.get("use"):
            raise ValueError(f"{rel(path, ROOT)}: item {i + 1} needs `avoid` and `use`")
    return items


def check_wording(docs: Path = ROOT / "docs", root: Path = ROOT, wording: list[dict] | None = None) -> list[Problem]:
    """zh-Hant page prose uses Taiwan wording: no form from data/wording.yml appears in it."""
    wording = load_wording() if wording is None else wording
    problems = []
    for path in sorted((docs / "zh-Hant").rglob("*.md")):
        page = read_page(path)
        skip = page.code_lines | set(range(1, page.front_matter_end + 1))
        text = "\n".join(" " * len(line) if no in skip else line for no, line in enumerate(page.lines, 1))
        prose = _NOT_PROSE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        for item in wording:
            for m in re.finditer(re.escape(item["avoid"]), prose):
                line = prose.count("\n", 0, m.start()) + 1
                note = f" ({item['note']})" if item.get("note") else ""
                problems.append(
                    Problem(rel(path, root), line, f"“{item['avoid']}” is not Taiwan wording: write “{item['use']}”{note}")
                )
    return sorted(problems, key=lambda p: (p.path, p.line))
