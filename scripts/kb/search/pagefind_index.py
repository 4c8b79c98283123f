"""The site's search index: Pagefind, one index per language, built from the pages MkDocs wrote.

Pagefind reads ``<html lang>`` and writes a separate index for zh-Hans and zh-Hant into
``site/pagefind/``; the browser loads only the chunks a query needs. What Pagefind is given is not
the page as served but a copy made for searching (``searchable``), so that readers download
nothing extra:

- only the article (``article.md-content__inner``), without permalinks, the edit button, the
  "last updated" line or the list of sources (the titles of other sites' articles match almost
  any query and say nothing about the page);
- Chinese as character pairs: Pagefind 1.5.2 cuts Chinese with one segmenter when it indexes and
  with the browser's ``Intl.Segmenter`` when it searches, and the two disagree (二维码 is 二维 + 码
  on one side, something else on the other; Traditional text comes out character by character).
  So every run of Han characters is also written as its overlapping pairs, each pair encoded as
  a short ASCII word (``pair_token``) that no segmenter touches; the search box
  (docs/assets/javascripts/search.js) encodes the query's pairs the same way. Matching is then
  exact and the same on both sides;
- the pairs of each section's other-script form too (OpenCC: Simplified on the zh-Hant site;
  Traditional, Taiwan and Hong Kong forms on the zh-Hans site; the data file's ``terms``), so a
  query in either script finds the page without any rewriting in the browser;
- the page's front-matter ``keywords`` (rendered as ``<meta name="keywords">``) under the title
  with the highest weight, headings with a heading's weight; the page with the number checker
  also carries every phone number of the data file, with and without separators.

The added text sits between ``ALT_OPEN`` and ``ALT_CLOSE`` so that the search box leaves it out
of what it shows. Every heading with an id starts a Pagefind sub-result, so each FAQ question is a
result that points at its own anchor.
"""

from __future__ import annotations

import gzip
import html
import json
import re
import subprocess
import sys
import tempfile
from functools import cache
from pathlib import Path

ALT_OPEN, ALT_CLOSE = "\u2e22", "\u2e23"  # ⸢ ⸣: never in the pages' text
BUNDLE = "pagefind"
KEYWORD_WEIGHT = 10.0
HEADING_WEIGHTS = {"h1": 7.0, "h2": 6.0, "h3": 5.0, "h4": 4.0, "h5": 3.0, "h6": 2.0}
# Other-script forms: the zh-Hans site gets Traditional (generic, Taiwan with its vocabulary,
# Hong Kong); the zh-Hant site gets Simplified (characters only, and mainland vocabulary).
VARIANTS = {"zh-Hans": ("s2t", "s2twp", "s2hk"), "zh-Hant": ("t2s", "tw2sp")}
EXCLUDE = [".headerlink", ".md-content__button", ".md-source-file", "[data-pagefind-ignore]"]

ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*)</article>', re.S)
LANG = re.compile(r'<html[^>]*\blang="([^"]+)"')
KEYWORDS = re.compile(r'<meta name="keywords" content="([^"]*)">')
HEADING = re.compile(r"<(h[1-6])\b([^>]*)>(.*?)</\1>", re.S)
SOURCES = re.compile(r'<h2 id="sources">.*?(?=<h[12][ >]|$)', re.S)
TAG = re.compile(r"<[^>]+>")
HAN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]{2,}")
DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"
CLAUSE = re.compile(r"[^\s，。、；：？！,.;:?!“”‘’「」『』（）()《》〈〉【】…—\-/|]+")


@cache
def converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def text_of(fragment: str) -> str:
    return html.unescape(TAG.sub(" ", fragment))


def other_script(text: str, lang: str, terms: dict[str, str] | None = None) -> str:
    """The clauses of TEXT whose other-script forms differ from what is written, once each, and
    the other form of each glossary term (data/channels.yml ``terms``: 短信/簡訊, 视频/影片)
    that TEXT uses. Mainland readers write 账 where OpenCC's t2s gives 帐 (帳號 → 帐号)."""
    out, seen = [], set()
    for clause in CLAUSE.findall(text):
        for form in _other_forms(clause, lang):
            if form != clause and form not in seen:
                seen.add(form)
                out.append(form)
    for word, other in (terms or {}).items():
        if word in text and other not in seen:
            seen.add(other)
            out.append(other)
    return " ".join(out)


@cache  # the same clauses (menus, repeated warnings) recur on many pages
def _other_forms(clause: str, lang: str) -> tuple[str, ...]:
    forms = (converter(config).convert(clause) for config in VARIANTS[lang])
    return tuple(f.replace("帐", "账") if lang == "zh-Hant" else f for f in forms)


@cache  # a page repeats its pairs; the whole site has about 40,000 distinct ones
def pair_token(a: str, b: str) -> str:
    """A pair of Han characters as one ASCII word ("q" and four base-36 digits of a hash; about
    40,000 distinct pairs in 1.7 million values). search.js computes the same; change both."""
    n = (ord(a) * 92821 + ord(b) * 31) % 36**4
    digits = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        digits = DIGITS36[r] + digits
    return "q" + digits


PAIR_TOKEN = re.compile(r"(?<![0-9A-Za-z])q[0-9a-z]{4}(?![0-9A-Za-z])")  # what pair_token writes
ALT_SPAN = re.compile(f"{ALT_OPEN}[^{ALT_OPEN}{ALT_CLOSE}]*{ALT_CLOSE}?")


def without_pair_tokens(text: str) -> str:
    """TEXT (a page record of the index) without the pair tokens added between ALT_OPEN and
    ALT_CLOSE; for the contact guard, which checks the page text they encode on the page itself."""
    return ALT_SPAN.sub(lambda m: PAIR_TOKEN.sub("", m.group(0)), text)


def pairs(text: str) -> list[str]:
    """The encoded overlapping character pairs of every Han run in TEXT, once each."""
    out: dict[str, None] = {}
    for run in HAN_RUN.findall(text):
        for a, b in zip(run, run[1:]):
            out[pair_token(a, b)] = None
    return list(out)


def searchable_words(text: str, lang: str, terms: dict[str, str]) -> str:
    """What is indexed for TEXT besides TEXT itself: the pairs of it and of its other-script form."""
    return " ".join(pairs(text + " " + other_script(text, lang, terms)))


def phone_forms(export: dict) -> list[str]:
    """Every phone number of the data export as written, as digits, and by its lookup keys."""
    forms: list[str] = []
    for entry in export.get("channels", []):
        if entry.get("kind") != "phone" or not entry.get("value"):
            continue
        value = entry["value"]
        forms += [value, re.sub(r"\D", "", value), *entry.get("keys", [])]
    return list(dict.fromkeys(forms))


def _alt(text: str, weight: float | None = None) -> str:
    if not text:
        return ""
    attr = f' data-pagefind-weight="{weight}"' if weight else ""
    return f"<p{attr}>{ALT_OPEN}{html.escape(text)}{ALT_CLOSE}</p>"


def searchable(page: str, numbers: list[str], terms: dict[str, dict[str, str]] | None = None) -> str | None:
    """The copy of a built page that Pagefind indexes (see the module docstring); None if the
    page has no article (redirects)."""
    article = ARTICLE.search(page)
    lang = LANG.search(page)
    if not article or not lang:
        return None
    lang = lang.group(1)
    glossary = (terms or {}).get(lang, {})
    body = SOURCES.sub("", article.group(1))
    keywords = [k.strip() for k in html.unescape((KEYWORDS.search(page) or [None, ""])[1]).split(",") if k.strip()]
    if 'id="number-check-input"' in body:
        keywords += numbers
    out, last = [], 0
    for match in HEADING.finditer(body):
        tag, title = match.group(1), text_of(match.group(3))
        out.append(body[last : match.start()])
        out.append(_alt(searchable_words(text_of(body[last : match.start()]), lang, glossary)))
        out.append(match.group(0))
        if tag == "h1":
            words = " ".join(keywords)
            latin = HAN_RUN.sub(" ", words)  # numbers, 88VIP, AlipayHK: Pagefind's own words
            out.append(_alt(f"{latin} {searchable_words(words, lang, glossary)}", KEYWORD_WEIGHT))
        out.append(_alt(searchable_words(title, lang, glossary), HEADING_WEIGHTS[tag]))
        last = match.end()
    out.append(body[last:])
    out.append(_alt(searchable_words(text_of(body[last:]), lang, glossary)))
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head><body>{"".join(out)}</body></html>'


def pages(site_dir: Path):
    """(URL, built HTML file) of every page, in a stable order; 404 pages are not pages."""
    for path in sorted(site_dir.rglob("index.html")):
        rel = path.parent.relative_to(site_dir).as_posix()
        if rel.split("/")[0] in (BUNDLE, "assets"):
            continue
        yield ("/" if rel == "." else f"/{rel}/"), path


def _build(site_dir: Path, numbers: list[str], terms: dict[str, dict[str, str]]) -> dict[str, int]:
    """Write each page's searchable copy to a temporary folder (same paths, so Pagefind gives each
    the page's URL) and run Pagefind's command line on it once. One batch run takes about 1.3 s
    here; adding the same pages one by one through its Python API took about 9 s (a round trip to
    the indexer per page)."""
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="kb-pagefind-") as tmp:
        for url, path in pages(site_dir):
            copy = searchable(path.read_text(encoding="utf-8"), numbers, terms)
            if copy is None:
                continue
            target = Path(tmp) / url.strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(copy, encoding="utf-8")
            lang = LANG.search(copy).group(1)
            counts[lang] = counts.get(lang, 0) + 1
        command = [
            sys.executable, "-m", "pagefind", "--site", tmp, "--output-path", str(site_dir / BUNDLE),
            "--root-selector", "body", "--exclude-selectors", ",".join(EXCLUDE), "--quiet",
        ]  # fmt: skip
        result = subprocess.run(command, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"pagefind failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return counts


def glossary(pairs) -> dict[str, dict[str, str]]:
    """Per language, {word as this language writes it: the other language's word}."""
    out: dict[str, dict[str, str]] = {"zh-Hans": {}, "zh-Hant": {}}
    for hans, hant in pairs:
        if hans != hant:
            out["zh-Hans"][hans] = hant
            out["zh-Hant"][hant] = hans
    return out


def build(site_dir: Path, export_path: Path, terms=()) -> dict[str, int]:
    """Write site_dir/pagefind/ (both languages); return the number of pages indexed per language.
    TERMS: (zh-Hans word, zh-Hant word) pairs.
    Pagefind's own UIs are removed: the search box is the theme's (assets/javascripts/search.js)."""
    export = json.loads(export_path.read_text(encoding="utf-8")) if export_path.exists() else {}
    counts = _build(Path(site_dir), phone_forms(export), glossary(terms))
    for unused in (Path(site_dir) / BUNDLE).glob("pagefind-*ui.*"):
        unused.unlink()
    (Path(site_dir) / BUNDLE / "pagefind-highlight.js").unlink(missing_ok=True)
    return counts


def records(site_dir: Path) -> dict[str, dict]:
    """Pagefind's page records (its fragments, gzipped JSON behind a signature), by URL: for the
    tests (per-language parity) and the benchmark."""
    out = {}
    for path in sorted((Path(site_dir) / BUNDLE / "fragment").iterdir()):
        raw = gzip.decompress(path.read_bytes())
        record = json.loads(raw[raw.index(b"{") :])
        record["file_bytes"] = path.stat().st_size
        out[record["url"]] = record
    return out


def bundle_sizes(site_dir: Path) -> dict[str, dict[str, int]]:
    """Per language: pages indexed, bytes of index chunks and of page records (both already
    gzipped on disk), as a reader's browser may download them chunk by chunk."""
    bundle = Path(site_dir) / BUNDLE
    out = {}
    for lang, code in (("zh-Hans", "zh-hans"), ("zh-Hant", "zh-hant")):
        mine = [r for url, r in records(site_dir).items() if url.startswith("/zh-Hant/") == (lang == "zh-Hant")]
        chunks = list((bundle / "index").glob(f"{code}_*")) + list(bundle.glob(f"pagefind.{code}_*"))
        out[lang] = {
            "pages": len(mine),
            "index_bytes": sum(p.stat().st_size for p in chunks),
            "fragment_bytes": sum(r["file_bytes"] for r in mine),
        }
    return out
