"""The site's search index: Pagefind, one bundle per language, made beside the build.

Each language is its own Pagefind site: ``site/pagefind/`` for zh-Hans and
``site/zh-Hant/pagefind/`` for zh-Hant, so a page's search box loads only its own language's
index, and only the chunks a query needs. A ``Job`` (a child process, on the machine's other core)
receives every page as MkDocs renders it and runs Pagefind's standard binary once when the
language's pages are done (kb/hooks.py). What Pagefind is given is not the page as served but a
copy made for searching (``searchable``), so that readers download nothing extra:

- only the article (``article.md-content__inner``), without permalinks, the edit button, the
  "last updated" line or the list of sources (the titles of other sites' articles match almost
  any query and say nothing about the page);
- Chinese as character pairs: Pagefind's extended binary cuts Chinese with one segmenter when it
  indexes and the browser's ``Intl.Segmenter`` cuts the query, and the two disagree (二维码 is
  二维 + 码 on one side, something else on the other; Traditional text comes out character by
  character). So every run of Han characters is also written as its overlapping pairs, each pair
  encoded as a short ASCII word (``pair_token``) that no segmenter touches; the search box
  (docs/assets/javascripts/search.js) encodes the query's pairs the same way. Matching is then
  exact and the same on both sides, and the standard binary is enough;
- the pairs of each section's other-script form too (OpenCC: Simplified on the zh-Hant site;
  Traditional, Taiwan and Hong Kong forms on the zh-Hans site; the data file's ``terms``), so a
  query in either script finds the page without any rewriting in the browser;
- the page's front-matter ``keywords`` (rendered as ``<meta name="keywords">``) under the title
  with the highest weight, headings with a heading's weight; the page with the number checker
  also carries every phone number of the data file, with and without separators.

Beside each bundle, ``sounds.json``: the table that lets the search box read a typing slip (店话
for 电话) as the site's word (kb/search/sounds.py), counted from what ``searchable`` indexes and
made while Pagefind runs.

The added text sits between ``ALT_OPEN`` and ``ALT_CLOSE`` so that the search box leaves it out
of what it shows. Every heading with an id starts a Pagefind sub-result, so each FAQ question is a
result that points at its own anchor.
"""

from __future__ import annotations

import contextlib
import gzip
import html
import json
import os
import queue
import re
import subprocess
import sys
import tempfile
import threading
from functools import cache
from pathlib import Path

from kb.search import sounds
from kb.site import LANGS, lang_prefix

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
HAN_PAIR = re.compile(r"(?=([\u3400-\u9fff\uf900-\ufaff]{2}))")  # every overlapping pair
DIGITS36 = "0123456789abcdefghijklmnopqrstuvwxyz"


@cache
def converter(config: str):
    import opencc

    return opencc.OpenCC(config)


def text_of(fragment: str) -> str:
    return html.unescape(TAG.sub(" ", fragment))


def other_script(text: str, lang: str, terms: dict[str, str] | None = None) -> str:
    """TEXT in the other script's forms (each OpenCC configuration of VARIANTS, whole text at
    once), and the other form of each glossary term (data/channels.yml ``terms``: 短信/簡訊,
    视频/影片) that TEXT uses. Mainland readers write 账 where OpenCC's t2s gives 帐 (帳號 → 帐号)."""
    out = []
    for config in VARIANTS[lang]:
        form = converter(config).convert(text)
        if lang == "zh-Hant":
            form = form.replace("帐", "账")
        if form != text:
            out.append(form)
    out += [other for word, other in (terms or {}).items() if word in text]
    return "\n".join(out)


# Every pair token starts with this. Pagefind answers a word it does not hold with the longest
# word it holds that begins the word asked for (qq for qq26w: the pages about QQ). No word of the
# pages may begin the tokens' prefix (q, qj): tests/test_search.py checks the built index.
TOKEN_PREFIX = "qj"


@cache  # a page repeats its pairs; the whole site has about 40,000 distinct ones
def pair_token(a: str, b: str) -> str:
    """A pair of Han characters as one ASCII word (TOKEN_PREFIX and four base-36 digits of a
    hash; about 40,000 distinct pairs in 1.7 million values). search.js computes the same; change
    both."""
    n = (ord(a) * 92821 + ord(b) * 31) % 36**4
    digits = ""
    for _ in range(4):
        n, r = divmod(n, 36)
        digits = DIGITS36[r] + digits
    return TOKEN_PREFIX + digits


# What pair_token writes.
PAIR_TOKEN = re.compile(rf"(?<![0-9A-Za-z]){TOKEN_PREFIX}[0-9a-z]{{4}}(?![0-9A-Za-z])")
ALT_SPAN = re.compile(f"{ALT_OPEN}[^{ALT_OPEN}{ALT_CLOSE}]*{ALT_CLOSE}?")


def without_pair_tokens(text: str) -> str:
    """TEXT (a page record of the index) without the pair tokens added between ALT_OPEN and
    ALT_CLOSE; for the contact guard, which checks the page text they encode on the page itself."""
    return ALT_SPAN.sub(lambda m: PAIR_TOKEN.sub("", m.group(0)), text)


def encoded(found: list[str]) -> list[str]:
    """The pair tokens of FOUND (character pairs, as HAN_PAIR finds them), once each, in order."""
    known = _TOKENS
    return list(dict.fromkeys([known.get(p) or known.setdefault(p, pair_token(p[0], p[1])) for p in dict.fromkeys(found)]))


_TOKENS: dict[str, str] = {}  # pair → pair_token(pair): a plain dict is the fastest lookup here


def searchable_words(text: str, lang: str, terms: dict[str, str], held: sounds.Held | None = None) -> str:
    """What is indexed for TEXT besides TEXT itself: the pairs of it and of its other-script form
    (both counted in HELD, for the slip table)."""
    other = other_script(text, lang, terms)
    mine, theirs = HAN_PAIR.findall(text), HAN_PAIR.findall(other)
    if held is not None:
        held.add(mine, theirs)
    return " ".join(encoded(mine + theirs))


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
    # The marks stand apart (spaces): Pagefind splits words on whitespace only, so a mark next to
    # a token would make it another word ("⸢qj1tdb"), which the query's qj1tdb never finds.
    return f"<p{attr}>{ALT_OPEN} {html.escape(text)} {ALT_CLOSE}</p>"


def searchable(
    page: str, numbers: list[str], terms: dict[str, dict[str, str]] | None = None, held: sounds.Held | None = None
) -> str | None:
    """The copy of a built page that Pagefind indexes (see the module docstring); None if the
    page has no article (redirects). HELD, if given, counts what is indexed (sounds.Held)."""
    article = ARTICLE.search(page)
    lang = LANG.search(page)
    if not article or not lang:
        return None
    lang = lang.group(1)
    glossary = (terms or {}).get(lang, {})
    body = SOURCES.sub("", article.group(1))
    keywords = [k.strip() for k in html.unescape((KEYWORDS.search(page) or [None, ""])[1]).split(",") if k.strip()]
    if held is not None:
        held.add_keywords(keywords)
    if 'id="number-check-input"' in body:
        keywords += numbers
    out, last = [], 0
    for match in HEADING.finditer(body):
        tag, title = match.group(1), text_of(match.group(3))
        out.append(body[last : match.start()])
        out.append(_alt(searchable_words(text_of(body[last : match.start()]), lang, glossary, held)))
        out.append(match.group(0))
        if tag == "h1":
            words = " ".join(keywords)
            latin = HAN_RUN.sub(" ", words)  # numbers, 88VIP, AlipayHK: Pagefind's own words
            out.append(_alt(f"{latin} {searchable_words(words, lang, glossary, held)}", KEYWORD_WEIGHT))
        out.append(_alt(searchable_words(title, lang, glossary, held), HEADING_WEIGHTS[tag]))
        last = match.end()
    out.append(body[last:])
    out.append(_alt(searchable_words(text_of(body[last:]), lang, glossary, held)))
    return f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"></head><body>{"".join(out)}</body></html>'


def bundle_dir(site_dir: Path, lang: str) -> Path:
    """Where LANG's bundle lives: /pagefind/ and /zh-Hant/pagefind/. Each language is its own
    Pagefind site, so the search box of a page loads only its own language's index."""
    return Path(site_dir) / lang_prefix(lang) / BUNDLE


def binary() -> str:
    """Pagefind's standard binary (pagefind_bin). Not the extended one: its Chinese segmenter
    reads a dictionary (about 400 MB and 5 s at 500 pages per language here) for words the
    search box never asks for, since every Chinese query is sent as encoded pairs."""
    from pagefind_bin import get_executable

    return str(get_executable())


def start_pagefind(copies: Path, output: Path) -> subprocess.Popen:
    """Pagefind's command line over the searchable copies in COPIES, the bundle in OUTPUT; started,
    so that the slip table is made meanwhile (finish_pagefind waits for it)."""
    command = [
        binary(), "--site", str(copies), "--output-path", str(output),
        "--root-selector", "body", "--exclude-selectors", ",".join(EXCLUDE), "--quiet",
    ]  # fmt: skip
    # One thread: the other core renders pages or runs the contact guard meanwhile, and
    # Pagefind's worker threads would only take turns with it.
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def finish_pagefind(process: subprocess.Popen, output: Path) -> None:
    out, err = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"pagefind failed:\n{out[-2000:]}{err[-2000:]}")
    # Pagefind's own UIs are removed: the search box is the theme's (assets/javascripts/search.js).
    for unused in output.glob("pagefind-*ui.*"):
        unused.unlink()
    (output / "pagefind-highlight.js").unlink(missing_ok=True)


class Job:
    """One language's index, built by a child process (``python -m kb.search.pagefind_index``)
    beside MkDocs, on the machine's other core:

    - ``add()`` hands it each page as MkDocs renders it; it writes the page's searchable copy
      to a temporary folder (same paths, so Pagefind gives each the page's URL);
    - ``finish()``, once the language's pages are all rendered, lets it run Pagefind's command
      line once over those copies (the zh-Hans index is written while zh-Hant renders);
    - ``wait()`` returns the number of pages indexed or raises RuntimeError.

    One batch run per language: adding pages one by one through Pagefind's Python API took
    about 9 s for this site (a round trip to the indexer per page)."""

    def __init__(self, site_dir: Path, lang: str, numbers: list[str], terms: dict[str, dict[str, str]]):
        self.lang = lang
        self.output = bundle_dir(site_dir, lang).resolve()
        self.added: set[str] = set()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kb.search.pagefind_index", str(self.output), lang],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        # Pages go through a queue and a writer thread: MkDocs never waits for the child.
        self._queue: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()
        self._finished = False
        self._writer = threading.Thread(target=self._write, args=(self.proc.stdin,), daemon=True)
        self._writer.start()
        self._send({"numbers": numbers, "terms": terms})

    def _write(self, stdin) -> None:
        with contextlib.suppress(OSError):  # a broken pipe: the child failed, wait() says why
            while (chunk := self._queue.get()) is not None:
                stdin.write(chunk)
        with contextlib.suppress(OSError):
            stdin.close()

    def _send(self, message: dict) -> None:
        if self._finished:
            raise RuntimeError(f"the {self.lang} search index was already finished")
        self._queue.put(json.dumps(message, ensure_ascii=False).encode("utf-8") + b"\n")

    def add(self, url: str, page: str) -> None:
        """URL: the page's address inside its language's site (/faq/refund/); PAGE: its HTML
        (sent as it is, after a line that gives its length: no JSON escaping of 50 KB pages)."""
        if self._finished:
            raise RuntimeError(f"the {self.lang} search index was already finished")
        self.added.add(url)
        body = page.encode("utf-8")
        self._queue.put(json.dumps({"url": url, "bytes": len(body)}).encode("utf-8") + b"\n" + body)

    def add_unchanged(self, site_dir: Path) -> None:
        """The pages of this language already on disk that were not rendered this time (a
        ``--dirty`` build renders only the changed ones): the index still holds every page."""
        base = Path(site_dir) / lang_prefix(self.lang)
        others = {lang_prefix(lang).strip("/") for lang in LANGS if lang != self.lang and lang_prefix(lang)}
        for path in sorted(base.rglob("index.html")):
            rel = path.parent.relative_to(base).as_posix()
            url = "/" if rel == "." else f"/{rel}/"
            if rel.split("/")[0] not in (BUNDLE, "assets", *others) and url not in self.added:
                self.add(url, path.read_text(encoding="utf-8"))

    def finish(self) -> None:
        """No more pages: the child runs Pagefind once it has read them all. (A child whose input
        ends without this mark, because the build stopped, writes nothing.)"""
        if not self._finished:
            self._finished = True
            self._queue.put(b'{"end": true}\n')
            self._queue.put(None)

    def wait(self) -> int:
        self.finish()
        self._writer.join()
        self.proc.stdin = None  # closed by the writer; communicate() must not flush it
        out, err = self.proc.communicate()
        if self.proc.returncode != 0:
            raise RuntimeError(f"the {self.lang} search index failed:\n{err.decode('utf-8', 'replace')[-3000:]}")
        return int(out.strip() or 0)

    def cancel(self) -> None:
        self.finish()
        if self.proc.poll() is None:
            self.proc.kill()
        self._writer.join()
        self.proc.stdin = None
        self.proc.communicate()


def glossary(pairs) -> dict[str, dict[str, str]]:
    """Per language, {word as this language writes it: the other language's word}."""
    out: dict[str, dict[str, str]] = {"zh-Hans": {}, "zh-Hant": {}}
    for hans, hant in pairs:
        if hans != hant:
            out["zh-Hans"][hans] = hant
            out["zh-Hant"][hant] = hans
    return out


def start(site_dir: Path, lang: str, export: dict, terms=()) -> Job:
    """A new index job for LANG. EXPORT: the data export (its phone numbers go under the number
    checker's page); TERMS: (zh-Hans word, zh-Hant word) pairs."""
    return Job(Path(site_dir), lang, phone_forms(export), glossary(terms))


def records(site_dir: Path) -> dict[str, dict]:
    """Pagefind's page records (its fragments, gzipped JSON behind a signature), by the page's
    URL on the whole site (/zh-Hant/… for zh-Hant): for the tests (per-language parity) and the
    benchmark."""
    out = {}
    for lang in LANGS:
        fragments = bundle_dir(site_dir, lang) / "fragment"
        for path in sorted(fragments.iterdir()) if fragments.is_dir() else []:
            raw = gzip.decompress(path.read_bytes())
            record = json.loads(raw[raw.index(b"{") :])
            record["file_bytes"] = path.stat().st_size
            record["lang"] = lang
            record["url"] = "/" + lang_prefix(lang) + record["url"].lstrip("/")
            out[record["url"]] = record
    return out


def bundle_sizes(site_dir: Path) -> dict[str, dict[str, int]]:
    """Per language: pages indexed, bytes of index chunks and of page records (both already
    gzipped on disk), as a reader's browser may download them chunk by chunk."""
    everything = records(site_dir)
    out = {}
    for lang in LANGS:
        bundle = bundle_dir(site_dir, lang)
        mine = [r for r in everything.values() if r["lang"] == lang]
        chunks = list((bundle / "index").glob("*.pf_index")) + list(bundle.glob("pagefind.*.pf_meta"))
        out[lang] = {
            "pages": len(mine),
            "index_bytes": sum(p.stat().st_size for p in chunks),
            "fragment_bytes": sum(r["file_bytes"] for r in mine),
        }
    return out


def main(argv: list[str]) -> int:
    """python -m kb.search.pagefind_index OUTPUT LANG: the child process of a Job. Reads on stdin
    a JSON line {"numbers", "terms"}, then for each page a JSON line {"url", "bytes"} and the
    page's HTML (that many bytes); at the end of stdin runs Pagefind over the copies and prints the
    number of pages indexed."""
    output, lang = argv
    for config in VARIANTS[lang]:
        converter(config)  # loaded while MkDocs is still reading the Markdown
    sounds.warm(lang)
    given = json.loads(sys.stdin.buffer.readline())
    count = 0
    held = sounds.Held()
    with tempfile.TemporaryDirectory(prefix="kb-pagefind-") as tmp:
        for line in sys.stdin.buffer:
            page = json.loads(line)
            if page.get("end"):
                break
            html = sys.stdin.buffer.read(page["bytes"]).decode("utf-8")
            copy = searchable(html, given["numbers"], given["terms"], held)
            if copy is None:
                continue
            target = Path(tmp) / page["url"].strip("/") / "index.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(copy, encoding="utf-8")
            count += 1
        else:
            print("the build stopped before the end of its pages: no index written", file=sys.stderr)
            return 1
        pagefind = start_pagefind(Path(tmp), Path(output))
        slips = sounds.table(held, lang)
        finish_pagefind(pagefind, Path(output))
    sounds.write(Path(output), slips)
    print(count)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
