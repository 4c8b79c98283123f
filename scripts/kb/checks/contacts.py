#!/usr/bin/env python3
"""The contact guard: no page types a contact value; every value comes from data/channels.yml.

This module is the fast half that reads the sources (pre-commit, ``--sources-only``); the
authority is the output half, kb/checks/output.py, which reads the built site (default deny).
``python scripts/check_contacts.py`` without arguments runs both. Both use kb/checks/normalise.py.

    python scripts/check_contacts.py            check everything under docs/ and overrides/
    python scripts/check_contacts.py FILE ...   check only these files (what pre-commit passes)

Exit 1 with one line per finding, sorted by path and line, when a page holds a phone number, an
e-mail address or a contact web address:

    docs/zh-Hans/x.md:12: 400-123-4567 is not in data/channels.yml (add it there, with a source)
    docs/zh-Hans/x.md:14: 9510211 is taobao-hotline in data/channels.yml: write [[ch:taobao-hotline]] instead

A value that *is* in the data file is still a finding when a page types it: pages write
``[[ch:ID]]`` so that the status (官方来源, 未经证实, 非淘宝 …) always shows next to the value.

What counts as a contact
------------------------
Phone numbers (matched with ``phonenumbers`` for CN, HK, MO and TW, plus the data file's own
numbers in any written form):

* a number of 7 or more digits that is a valid number for CN/HK/MO/TW (mobile, landline, 400/800),
  a mainland 95xxx/96xxx service number, or any number written with ``+``/``00`` and a country
  code, wherever it appears;
* a 5-6 digit mainland 95xxx/96xxx service number (95188, 96110, 95588 …), wherever it appears;
* a number of 3 or more digits (110, 999, 165, 1950, 12315, 18222 …) when the text calls it:
  preceded in the same clause by 拨打/打/拨/致电/电话/热线/专线/号码/客服/来电/QQ/微信/call/tel …
  (or 撥打/電話/熱線/專線/號碼 …), or followed by 热线/专线/报警/報案. Without such a word, a
  short number is a count, a year or a name (“1950 年”, “110 宗”, “12315 平台”) and is left alone;
* a ``tel:``/``sms:`` link.

Not contacts: dates (2026-11-23, 2020年12月31日, 20201231), times and ranges (9:00–21:00, 7×24),
years and year ranges (2003–2017), prices (¥500, RMB 720, HK$440,000, 13 元), percentages, law
references (第 25 条, 法释〔2022〕8号), counts (1,071 宗, 468 宗), order or tracking numbers (15+
digits, or labelled 订单号/单号/编号/尾号/验证码 …), issue numbers (#435), version numbers,
numbers glued to Latin letters (88VIP, 5G, N25HMJ), heading ids and HTML attributes that are
never shown (id, class, style, SVG geometry), and prefixes named as prefixes (“+886”开头, 0067).

E-mail addresses: every address anywhere (also written with ＠, (at), [at], # or “点”), except
the reserved example domains (example.com/.net/.org, *.example, *.invalid, *.test).

Web addresses: a URL is a contact address when its scheme is tel/sms/mailto/weixin/whatsapp/…,
or its host is a contact host:

* Taobao's and Alibaba group's own domains (taobao.com, tmall.com, alipay.com, alibaba.com,
  1688.com, cainiao.com, fliggy.com, goofish.com, tb.cn …) and their subdomains;
* any host whose name contains one of those brands (taobao-kefu.cn, alipay-help.net: look-alikes);
* every host of a web ``value`` in the data file and the complaint / anti-fraud sites (12315.cn,
  12321.cn, 165.npa.gov.tw, cpc.ey.gov.tw, consumer.org.hk);
* chat links (wa.me, t.me, line.me, qm.qq.com, weixin.qq.com);
* any host with non-ASCII or punycode labels (homographs), and any URL with a user part
  (``https://www.taobao.com@evil.cn/``). Look-alikes are found after folding 0→o, 1→l, rn→m.

A contact URL is allowed when the exact URL is a ``sources[].url`` in the data file (a citation),
or when it is a link in the page's sources section (``## 来源 { #sources }`` / ``## 來源 { #sources }``).
Other URLs (news, government notices, GitHub …) are citations, not contacts.

Disguises seen through: full-width and other Unicode digits (Arabic-Indic, mathematical,
superscript, circled, dingbat and keycap digits), Chinese numerals (九五一〇…, five or more in a
row, also mixed with 0-9), zero-width and other invisible characters, right-to-left overrides,
spaces, dashes, dots, brackets and one line break between digit groups, Markdown emphasis or
inline HTML tags or comments inside a number (9**51**0211, 95_10_211, 951<b>0</b>211), HTML
entities (&#57;), percent-encoding in links, O/l typed for 0/1 between digits, and values in front
matter, tables, admonitions, footnotes, link titles, image alt text, code, raw HTML attributes
(title, alt, content, data-*), Jinja templates, and the strings of CSS and JavaScript files.
Text inside HTML comments is never shown and is not checked (a comment cannot hide inside a number
either). Code blocks are checked: examples use ``[[ch:ID]]`` or placeholders such as ``<号码>``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

import phonenumbers

from kb.checks.detect import trim_url
from kb.checks.normalise import FILLERS, fold_with_offsets, invisible, url_key
from kb.checks.text import parse_page
from kb.data import channels
from kb.site import ROOT

DEFAULT_DIRS = ("docs", "overrides")
DATA_NAME = "data/channels.yml"
REGIONS = ("CN", "HK", "MO", "TW")
BINARY_SUFFIXES = {
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".ico",
    ".avif",
    ".bmp",
    ".woff",
    ".woff2",
    ".ttf",
    ".otf",
    ".eot",
    ".pdf",
    ".zip",
    ".gz",
    ".br",
    ".mp3",
    ".mp4",
    ".webm",
    ".wasm",
}
MARKDOWN_SUFFIXES = {".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".jinja", ".j2", ".svg", ".xml"}
CODE_SUFFIXES = {".css", ".js", ".mjs", ".ts"}

# --- contact hosts -------------------------------------------------------------------------------

BRAND_DOMAINS = (
    "taobao.com",
    "tmall.com",
    "tmall.hk",
    "alipay.com",
    "alipayhk.com",
    "alibaba.com",
    "alibaba-inc.com",
    "1688.com",
    "cainiao.com",
    "fliggy.com",
    "goofish.com",
    "tb.cn",
    "alimama.com",
    "aliexpress.com",
    "taobao.hk",
    "taobao.tw",
)
BRAND_TOKENS = ("taobao", "tmall", "alipay", "alibaba", "aliexpress", "cainiao", "fliggy", "goofish", "xianyu")
COMPLAINT_HOSTS = ("12315.cn", "12321.cn", "165.npa.gov.tw", "cpc.ey.gov.tw", "consumer.org.hk")
CHAT_HOSTS = (
    "wa.me",
    "api.whatsapp.com",
    "chat.whatsapp.com",
    "t.me",
    "telegram.me",
    "line.me",
    "lin.ee",
    "qm.qq.com",
    "weixin.qq.com",
    "u.wechat.com",
)
CONTACT_SCHEMES = ("tel", "sms", "mailto", "callto", "weixin", "whatsapp", "tg", "line", "skype", "mqq", "facetime")
EXAMPLE_EMAIL = re.compile(r"(?:^|\.)(?:example\.(?:com|net|org)|example|invalid|test|localhost)$")

# --- normalisation -------------------------------------------------------------------------------

ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")


def normalise(text: str) -> tuple[list[str], list[int]]:
    """The text a reader sees, one character per list item, with each one's offset in ``text``
    (the shared normaliser: kb/checks/normalise.py)."""
    folded, offsets = fold_with_offsets(text)
    return list(folded), offsets


# --- the data file -------------------------------------------------------------------------------


def host_of(url: str) -> str:
    if "://" not in url:
        url = "https://" + url
    try:
        return (urlsplit(url).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""


@dataclass
class Index:
    phones: dict[str, list[str]]  # digit key -> channel ids
    emails: dict[str, list[str]]
    urls: dict[str, list[str]]  # url_key -> channel ids (values)
    sources: set[str]  # url_key of every sources[].url
    hosts: tuple[str, ...]  # contact hosts (each also covers its subdomains)
    own: tuple[str, ...] = ()  # the site's own host, never a contact


@lru_cache(maxsize=4)
def load_index(path: Path = channels.DATA_FILE) -> Index:
    data = channels.load(path)
    phones: dict[str, list[str]] = {}
    emails: dict[str, list[str]] = {}
    urls: dict[str, list[str]] = {}
    sources: set[str] = set()
    hosts = list(BRAND_DOMAINS) + list(COMPLAINT_HOSTS) + list(CHAT_HOSTS)
    for ch in data.channels:
        for s in ch.sources:
            sources.add(url_key(s.url))
        if not ch.value:
            continue
        if ch.kind == "phone":
            keys = set(channels.phone_keys(ch.value, ch.regions[0]))
            number = channels.phone_number(ch.value, ch.regions[0])
            national = str(number.national_number)
            if number.country_code in (86, 886) and len(national) >= 8 and not national.startswith(("1", "400", "800")):
                keys.add("0" + national)  # the domestic form with the trunk 0
            for key in keys:
                phones.setdefault(key, []).append(ch.id)
        elif ch.kind == "email":
            emails.setdefault(ch.value.lower(), []).append(ch.id)
        elif ch.kind == "web":
            urls.setdefault(url_key(ch.value), []).append(ch.id)
            host = host_of(ch.value).removeprefix("www.")
            if host:
                hosts.append(host)
    return Index(phones, emails, urls, sources, tuple(dict.fromkeys(hosts)), own_hosts())


def own_hosts() -> tuple[str, ...]:
    """This site's own host (mkdocs.yml site_url, or $SITE_URL): its name may contain "taobao"."""
    hosts = []
    try:
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    except OSError:
        config = ""
    m = re.search(r"^site_url:\s*(?:!ENV\s*\[\s*\w+\s*,\s*)?[\"']?([^\"'\]\s]+)", config, re.M)
    for url in (m.group(1) if m else "", os.environ.get("SITE_URL", "")):
        host = host_of(url) if url else ""
        if host:
            hosts.append(host)
    return tuple(dict.fromkeys(hosts))


def skeleton(text: str) -> str:
    """Fold look-alike spellings together: ta0bao, tmaIl, a1ipay, rn for m."""
    text = text.lower().replace("rn", "m").replace("vv", "w")
    return text.translate(str.maketrans("0134589i", "oleasbgl"))


BRAND_SKELETONS = tuple(skeleton(t) for t in BRAND_TOKENS)


def is_contact_host(host: str, index: Index) -> bool:
    host = host.lower().rstrip(".")
    if not host or host in index.own:
        return False
    for h in index.hosts:
        if host == h or host.endswith("." + h):
            return True
    if not host.isascii() or "xn--" in host:
        return True  # an internationalised host: a homograph of a brand is not worth the risk
    folded = skeleton(re.sub(r"[.-]", "", host))
    return any(token in folded for token in BRAND_SKELETONS)


# --- findings ------------------------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def shown(raw: str) -> str:
    """The value as written, with invisible characters made visible."""
    out = []
    for ch in raw.strip():
        if ch == "\n":
            out.append("\\n")
        elif invisible(ch) or ch in FILLERS:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    text = "".join(out)
    return text if len(text) <= 120 else text[:117] + "..."


def message(value: str, ids: list[str] | None, markdown: bool) -> str:
    if not ids:
        return f"{shown(value)} is not in {DATA_NAME} (add it there, with a source)"
    ids = list(dict.fromkeys(ids))
    names = " / ".join(ids)
    codes = " or ".join(f"[[ch:{i}]]" for i in ids)
    if markdown:
        return f"{shown(value)} is {names} in {DATA_NAME}: write {codes} instead"
    return f"{shown(value)} is {names} in {DATA_NAME}: templates never type a contact value; show it on a page with {codes}"


# --- structure of a file -------------------------------------------------------------------------

HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*$")
SOURCES_HEADING = re.compile(r"\{[^}]*#sources\b[^}]*\}|^(?:来源|來源|参考资料|參考資料|sources)$", re.I)
SHORTCODE = re.compile(r"\[\[ch:[a-z]+(?:-[a-z]+)*(?::name)?\]\]")
ATTR_LIST = re.compile(r"\{:?[ \t]*(?:[#.][\w-]+[ \t]*)+\}")
LIST_MARKER = re.compile(r"^[ \t>]*\d{1,3}[.)][ \t]", re.M)
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:\s[^<>]*?)?)\s*/?>", re.S)
ATTR = re.compile(r"([A-Za-z_:@][-A-Za-z0-9_:.]*)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
INLINE_TAGS = {
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "big",
    "br",
    "cite",
    "code",
    "data",
    "del",
    "dfn",
    "em",
    "font",
    "i",
    "ins",
    "kbd",
    "label",
    "mark",
    "nobr",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "tt",
    "u",
    "var",
    "wbr",
}
URL_ATTRS = {"href", "src", "action", "formaction", "poster", "cite", "srcset", "xlink:href", "background", "data"}
HIDDEN_ATTRS = {
    "id",
    "class",
    "style",
    "d",
    "viewbox",
    "points",
    "transform",
    "width",
    "height",
    "x",
    "y",
    "x1",
    "x2",
    "y1",
    "y2",
    "cx",
    "cy",
    "r",
    "rx",
    "ry",
    "fill",
    "stroke",
    "stroke-width",
    "stroke-linecap",
    "stroke-linejoin",
    "stroke-miterlimit",
    "opacity",
    "fill-rule",
    "clip-rule",
    "fill-opacity",
    "tabindex",
    "colspan",
    "rowspan",
    "lang",
    "dir",
    "for",
    "name",
    "type",
    "rel",
    "target",
    "role",
    "hreflang",
    "charset",
    "media",
    "sizes",
    "integrity",
    "crossorigin",
    "loading",
    "decoding",
    "version",
    "xmlns",
    "xmlns:xlink",
    "preserveaspectratio",
    "focusable",
    "aria-hidden",
    "start",
    "span",
    "size",
    "maxlength",
    "minlength",
    "min",
    "max",
    "step",
    "cols",
    "rows",
    "datetime",
    "method",
    "enctype",
    "async",
    "defer",
    "nonce",
    "referrerpolicy",
    "property",
    "http-equiv",
    "itemprop",
    "itemscope",
    "itemtype",
    "aria-labelledby",
    "aria-describedby",
    "aria-controls",
    "headers",
    "scope",
    "autocomplete",
    "inputmode",
    "pattern",
    "offset",
    "stop-color",
    "gradientunits",
}
URL_RE = re.compile(
    r"(?i)(?:\b(?:https?|ftp)://|(?<![\w@:-])(?:{}):(?!//)|(?<![\w@.:/-])www\.)"
    r"[^\s<>\"'`\x00-\x1f，。；：（）！？、“”‘’「」『』《》〈〉【】〔〕]+".format("|".join(CONTACT_SCHEMES))
)
FILE_EXTENSIONS = {
    "md",
    "py",
    "yml",
    "yaml",
    "json",
    "html",
    "htm",
    "css",
    "js",
    "mjs",
    "ts",
    "txt",
    "svg",
    "png",
    "jpg",
    "jpeg",
    "gif",
    "toml",
    "cfg",
    "ini",
    "sh",
    "lock",
    "in",
    "xml",
    "csv",
    "pdf",
    "zip",
    "gz",
    "webp",
    "ico",
    "woff",
    "woff2",
    "ttf",
    "jinja",
    "j2",
    "rb",
    "go",
    "rs",
    "c",
    "h",
    "cpp",
    "java",
}
BARE_HOST = re.compile(
    r"(?i)(?<![\w@.:/\\#＃-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+([a-z]{2,24}))(?![\w-])((?::\d{1,5})?(?:/[^\s<>\"'`，。；：（）！？、“”‘’「」『』《》【】]*)?)"
)
EMAIL_TLDS = (
    r"(?:com|cn|net|org|hk|tw|mo|edu|gov|info|io|co|me|cc|top|vip|xyz|biz|asia|shop|site|online|app|email|mail|sg|my|jp|kr|us|uk)"
)
EMAIL_RE = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])"
)
EMAIL_DISGUISED = re.compile(
    r"(?i)(?<![A-Za-z0-9._%+-])([A-Za-z0-9][A-Za-z0-9._%+-]*)\s*(?:\(at\)|\[at\]|\{at\}|（at）|【at】|<at>|\sat\s|#|＃)\s*"
    r"((?:[A-Za-z0-9-]+\s*(?:\.|\(dot\)|\[dot\]|\{dot\}|（dot）|\sdot\s|。|点|點)\s*)+" + EMAIL_TLDS + r")(?![A-Za-z0-9-])"
)


def sources_ranges(text: str) -> list[tuple[int, int]]:
    """1-based line ranges [start, end) of the page's sources sections (a level-2 heading with the
    id ``sources`` or titled 来源 / 參考資料 …, up to the next heading of level 1 or 2)."""
    page = parse_page(text)
    ranges: list[tuple[int, int]] = []
    start = None
    for heading in page.headings:
        if heading.level > 2:
            continue
        if start is not None:
            ranges.append((start, heading.line))
            start = None
        if heading.level == 2 and (heading.id == "sources" or SOURCES_HEADING.match(heading.title)):
            start = heading.line
    if start is not None:
        ranges.append((start, len(page.lines) + 1))
    return ranges


class View:
    """A file as the reader sees it: ``chars`` (normalised) and ``mask`` (what the number finder sees).

    In ``mask``, "\\x00" breaks a number apart and "\\x01" is markup that a number may run through.
    """

    def __init__(self, text: str, kind: str):
        self.text = text
        self.kind = kind
        chars, self.offsets = normalise(text)
        self.s = "".join(chars)
        self.mask = list(self.s)
        self.line_starts = [0] + [m.end() for m in re.finditer(r"\n", text)]

    def line_of(self, pos: int) -> int:
        offset = self.offsets[pos] if pos < len(self.offsets) else len(self.text)
        lo, hi = 0, len(self.line_starts)
        while lo + 1 < hi:
            mid = (lo + hi) // 2
            if self.line_starts[mid] <= offset:
                lo = mid
            else:
                hi = mid
        return lo + 1

    def column_of(self, pos: int) -> int:
        offset = self.offsets[pos] if pos < len(self.offsets) else len(self.text)
        return offset - self.line_starts[self.line_of(pos) - 1] + 1

    def raw(self, start: int, end: int) -> str:
        """The original text behind normalised positions [start, end)."""
        if start >= end:
            return ""
        span = self.offsets[start:end]
        a, b = min(span), max(span)
        m = ENTITY.match(self.text, b)
        b = m.end() if m else b + 1
        while a > 0 and invisible(self.text[a - 1]) and self.text[a - 1] not in "\n\t":
            a -= 1  # invisible characters just before or after belong to the disguise
        while b < len(self.text) and invisible(self.text[b]) and self.text[b] not in "\n\t":
            b += 1
        return self.text[a:b]

    def fill(self, start: int, end: int, ch: str) -> None:
        for k in range(max(start, 0), min(end, len(self.mask))):
            self.mask[k] = ch


def build_view(text: str, kind: str) -> View:
    view = View(text, kind)
    s = view.s
    if kind == "code":
        # CSS / JS: only string literals can show text to a reader
        keep = [False] * len(s)
        for m in re.finditer(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`", s):
            for k in range(m.start() + 1, m.end() - 1):
                keep[k] = True
        for k in range(len(s)):
            if not keep[k]:
                view.mask[k] = "\x00" if s[k] != "\n" else "\n"
    for m in SHORTCODE.finditer(s):
        view.fill(m.start(), m.end(), "\x00")
    if kind == "markdown":
        for m in ATTR_LIST.finditer(s):
            view.fill(m.start(), m.end(), "\x00")
        for m in LIST_MARKER.finditer(s):
            view.fill(m.start(), m.end(), "\x00")
    if kind in ("markdown", "html"):
        for m in re.finditer(r"<!--.*?-->", s, re.S):
            view.fill(m.start(), m.end(), "\x01")  # never shown; a number may not hide behind one
        for m in TAG.finditer(s):
            _mask_tag(view, m)
    return view


def _mask_tag(view: View, m: re.Match) -> None:
    name = m.group(2).lower()
    view.fill(m.start(), m.end(), "\x01" if name in INLINE_TAGS else "\x00")
    attrs = m.group(3) or ""
    base = m.start(3)
    for a in ATTR.finditer(attrs):
        attr = a.group(1).lower()
        value = a.group(2)
        if not value or attr in HIDDEN_ATTRS or attr in URL_ATTRS or attr.startswith(("on", "xmlns")):
            continue
        start = base + a.start(2)
        end = base + a.end(2)
        quoted = value[0] in "\"'"
        inner_start, inner_end = (start + 1, end - 1) if quoted else (start, end)
        for k in range(inner_start, inner_end):
            view.mask[k] = view.s[k]


# --- URLs and e-mail ------------------------------------------------------------------------------


def find_urls(view: View, index: Index, in_sources, markdown: bool, findings: list, path: str) -> None:
    s = SHORTCODE.sub(lambda m: " " * len(m.group(0)), view.s)
    taken: list[tuple[int, int]] = []
    for m in URL_RE.finditer(s):
        url = trim_url(m.group(0))
        start, end = m.start(), m.start() + len(url)
        if view.kind == "code" and view.mask[start] == "\x00" and not _kept(view, start, end):
            continue
        taken.append((start, end))
        view.fill(start, end, "\x00")
        _judge_url(url, start, end, view, index, in_sources, markdown, findings, path)
    for m in BARE_HOST.finditer(s):
        start, end = m.start(), m.end()
        if any(a <= start < b for a, b in taken):
            continue
        tld = m.group(2).lower()
        if tld in FILE_EXTENSIONS or m.group(1).replace(".", "").isdigit():
            continue
        if view.kind == "code" and not _kept(view, start, end):
            continue
        url = trim_url(m.group(0))
        end = start + len(url)
        view.fill(start, end, "\x00")
        _judge_url(url, start, end, view, index, in_sources, markdown, findings, path)


def _kept(view: View, start: int, end: int) -> bool:
    return any(view.mask[k] != "\x00" for k in range(start, min(end, len(view.mask))))


def _judge_url(
    url: str, start: int, end: int, view: View, index: Index, in_sources, markdown: bool, findings: list, path: str
) -> None:
    line = view.line_of(start)
    raw = view.raw(start, end)
    scheme = url.split(":", 1)[0].lower()
    if scheme in CONTACT_SCHEMES:
        target = unquote(url.split(":", 1)[1]).split("?", 1)[0].lstrip("/")
        ids: list[str] | None = None
        if scheme == "mailto":
            ids = index.emails.get(target.lower())
            if EXAMPLE_EMAIL.search(target.rsplit("@", 1)[-1].lower()):
                return
        elif scheme in ("tel", "sms", "callto", "facetime"):
            digits = re.sub(r"\D", "", _normalise_digits(target))
            ids = index.phones.get(digits) or index.phones.get(digits.lstrip("0"))
        findings.append(Finding(path, line, view.column_of(start), message(raw, ids, markdown)))
        return
    host = host_of(url)
    userinfo = "@" in url.split("://", 1)[-1].split("/", 1)[0]
    if not (is_contact_host(host, index) or userinfo):
        return
    key = url_key(url)
    if key in index.urls:
        if in_sources(line):
            return
        findings.append(Finding(path, line, view.column_of(start), message(raw, index.urls[key], markdown)))
        return
    if key in index.sources or in_sources(line):
        return
    findings.append(Finding(path, line, view.column_of(start), message(raw, None, markdown)))


def _normalise_digits(text: str) -> str:
    chars, _ = normalise(text)
    return "".join(chars)


def find_emails(view: View, index: Index, markdown: bool, findings: list, path: str) -> None:
    # The e-mail view: markup that may sit inside an address is dropped, breaks become spaces.
    pos = [k for k, c in enumerate(view.mask) if c not in "\x01*~`^="]
    text = "".join(" " if view.mask[k] == "\x00" else view.mask[k] for k in pos)
    for regex in (EMAIL_RE, EMAIL_DISGUISED):
        for m in regex.finditer(text):
            start, end = pos[m.start()], pos[m.end() - 1] + 1
            if regex is EMAIL_RE:
                address = m.group(0)
            else:
                domain = re.sub(r"\s*(?:\(dot\)|\[dot\]|\{dot\}|（dot）|\sdot\s|。|点|點)\s*", ".", m.group(2), flags=re.I)
                address = m.group(1) + "@" + re.sub(r"\s+", "", domain)
                if m.group(0).count("#") and not re.search(r"(?i)\.(?:com|cn|net|org|hk|tw|mo)$", address):
                    continue
            domain = address.rsplit("@", 1)[1].lower()
            if EXAMPLE_EMAIL.search(domain):
                view.fill(start, end, "\x00")
                continue
            ids = index.emails.get(address.lower())
            findings.append(
                Finding(path, view.line_of(start), view.column_of(start), message(view.raw(start, end), ids, markdown))
            )
            view.fill(start, end, "\x00")
            text = text[: m.start()] + " " * (m.end() - m.start()) + text[m.end() :]


# --- phone numbers -------------------------------------------------------------------------------

DATE_PATTERNS = [
    r"(?<!\d)(?:19|20)\d{2}[ \t]?[-/.][ \t]?(?:0?[1-9]|1[0-2])[ \t]?[-/.][ \t]?(?:0?[1-9]|[12]\d|3[01])(?!\d)",
    r"(?<!\d)(?:19|20)\d{2}[ \t]?年[ \t]?(?:0?[1-9]|1[0-2])[ \t]?月(?:[ \t]?(?:0?[1-9]|[12]\d|3[01])[ \t]?[日号號])?",
    r"(?<!\d)(?:0?[1-9]|1[0-2])[ \t]?月[ \t]?(?:0?[1-9]|[12]\d|3[01])[ \t]?[日号號]",
    r"(?<![\d-])(?:19|20)\d{2}-(?:0[1-9]|1[0-2])(?![\d-])",
    r"(?<!\d)(?:19|20)\d{2}[ \t]?[-–—~～至到][ \t]?(?:(?:19|20)\d{2}|\d{2})(?![\d:])",
    r"(?<![\d:])\d{1,2}[:：]\d{2}(?:[:：]\d{2})?(?:[ \t]?(?:[-–—~～至到]|to)[ \t]?(?:次日|翌日)?\d{1,2}[:：]\d{2}(?:[:：]\d{2})?)?(?![\d:])",
    r"(?<!\d)\d+(?:\.\d+)?[ \t]?[%％‰]",
]
DATE_RE = re.compile("|".join(f"(?:{p})" for p in DATE_PATTERNS))
COMPACT_DATE = re.compile(r"(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
SEPARATORS = set(" \t-‐‑‒–—―−﹣.·・•()（）[]【】〔〕\\'")
FREE = set("\x01*_~`=^")
CLAUSE_END = re.compile(r"[。！？；;!?\n\x00|]")
WINDOW_WORDS = re.compile(
    r"(?i)拨打|撥打|拨通|撥通|致电|致電|打给|打給|打到|回拨|回撥|回电|回電|电话|電話|热线|熱線|专线|專線|"
    r"号码|號碼|手机号|手機號|hotline|\bcall\b|\bdial\b|\bphone\b|\btel\b|\btelephone\b|\bwhatsapp\b"
)
ADJACENT_WORDS = re.compile(
    r"(?i)(?:打|拨|撥|客服|来电|來電|联系|聯系|聯絡|聯繫|联络|手机|手機|QQ号?|QQ號|微信号?|微信號|\bwechat|\bline|\btelegram|"
    r"\bsms|短信|簡訊|传真|傳真|\bfax|☎|📞|📱|\btel\.?)[\s:：\"“”'「」『』*_~`(（]*$"
)
AFTER_WORDS = re.compile(r"^[\s\"”」』*_~`)）]*(?:热线|熱線|专线|專線|hotline|报警|報警|報案|客服电话|客服電話)", re.I)
PREFIX_CLAUSE = re.compile(r"开头|開頭|打头|打頭|开首|開首|前缀|前綴|字头|字頭|号段|號段|区号|區號|国码|國碼|国家代码|國家代碼")
CURRENCY_BEFORE = re.compile(
    r"(?:[¥￥$€£]|HK\$|NT\$|US\$|MOP\$?|RMB|CNY|HKD|TWD|NTD|USD|MOP|人民币|人民幣|港币|港幣|港元|新台币|新台幣|台币|台幣|美元|澳门元|澳門元|澳门币|澳門幣|约|約|逾|超过|超過|共|计|計)[\s*_~`]*$"
)
LABEL_BEFORE = re.compile(
    r"(?i)(?:订单号|訂單號|订单编号|訂單編號|单号|單號|运单|運單|物流单号|快递单号|交易号|交易號|流水号|流水號|编号|編號|尾号|尾號|"
    r"验证码|驗證碼|邮编|郵編|郵遞區號|身份证|身分證|工号|工號|案号|案號|文号|文號|备案号|備案號|ICP[备證证]|公网安备|公網安備|"
    r"\bno\.?|#|第|版本|\bversion|\bv|\bpython|\bisbn|\bissue|\bpr|\bgb(?:/t)?|\biso|\biec|\brfc|\bcve|〔)"
    r"[\s:：*_~`]*$"
)
SUFFIX_UNITS = re.compile(
    r"^[\s\"”」』*_~`)）]*(?!号码|號碼|号段|號段)(?:年|月|日|号|號|宗|起|人|名|位|件|次|个|個|条|條|款|项|項|章|节|節|页|頁|元|块|塊|角|万|萬|亿|億|千|百|折|天|周|週|小时|小時|"
    r"分钟|分鐘|分|秒|岁|歲|克|公斤|斤|升|毫升|米|公里|厘米|毫米|单|單|笔|筆|家|张|張|倍|层|層|楼|樓|期|届|屆|版|字|篇|份|台|部|只|隻|辆|輛|座|间|間|所|例|户|戶|封|"
    r"港元|港币|港幣|美元|澳门元|澳門元|澳门币|澳門幣|新台币|新台幣|台币|台幣|人民币|人民幣|余|餘|多|左右|以上|以下|kg\b|km\b|cm\b|mm\b|ml\b|px\b|em\b|rem\b|ms\b|mb\b|kb\b|gb\b|hkd\b|rmb\b|cny\b|twd\b|ntd\b|mop\b|usd\b|x\b|×|%|％)",
    re.I,
)


def _digits_ok(c: str) -> bool:
    return "0" <= c <= "9"


def find_phones(view: View, index: Index, markdown: bool, findings: list, path: str) -> None:
    mask = view.mask
    s = "".join(mask)
    for m in DATE_RE.finditer(s):
        view.fill(m.start(), m.end(), "\x00")
    mask = view.mask
    n = len(mask)
    i = 0
    while i < n:
        if not _digits_ok(mask[i]):
            i += 1
            continue
        runs = []
        j = i
        while True:
            k = j
            while k < n and _digits_ok(mask[k]):
                k += 1
            runs.append((j, k))
            g, cost, newlines = k, 0, 0
            while g < n and (mask[g] in SEPARATORS or mask[g] in FREE or mask[g] == "\n"):
                if mask[g] == "\n":
                    newlines += 1
                elif mask[g] in SEPARATORS and not (mask[g] in " \t" and g > k and mask[g - 1] in " \t"):
                    cost += 1  # a run of spaces shows as one space
                g += 1
            if g < n and _digits_ok(mask[g]) and cost <= 3 and newlines <= 1 and not (newlines and cost > 2):
                j = g
                continue
            break
        _judge_chain(view, runs, index, markdown, findings, path)
        i = runs[-1][1]


def _context(view: View, start: int, end: int) -> tuple[str, str]:
    mask = view.mask
    a = max(0, start - 24)
    before = "".join(" " if c == "\x00" else c for c in mask[a:start] if c != "\x01")
    after = "".join(" " if c == "\x00" else c for c in mask[end : end + 24] if c != "\x01")
    before_clause = CLAUSE_END.split(before)[-1]
    after_clause = CLAUSE_END.split(after)[0]
    return before_clause, after_clause


def _plus_before(view: View, start: int) -> int:
    """Position of a '+' written just before the number (or -1)."""
    k = start - 1
    while k >= 0 and view.mask[k] in FREE:
        k -= 1
    if k >= 0 and view.mask[k] == "+":
        return k
    if k >= 0 and view.mask[k] in "(（" and k - 1 >= 0 and view.mask[k - 1] == "+":
        return k - 1
    return -1


def _judge_chain(view: View, runs: list[tuple[int, int]], index: Index, markdown: bool, findings: list, path: str) -> None:
    count = len(runs)
    i = 0
    while i < count:
        emitted = False
        for j in range(count - 1, i - 1, -1):
            verdict = _judge(view, runs, i, j, index)
            if verdict == "stop":
                return
            if verdict is None:
                continue
            start, end, ids = verdict
            findings.append(
                Finding(path, view.line_of(start), view.column_of(start), message(view.raw(start, end), ids, markdown))
            )
            i = j + 1
            emitted = True
            break
        if not emitted:
            tail = _judge_context_only(view, runs, i, index)
            if tail:
                start, end = tail
                findings.append(
                    Finding(path, view.line_of(start), view.column_of(start), message(view.raw(start, end), None, markdown))
                )
                return
            i += 1


def _digits(view: View, runs, i: int, j: int) -> str:
    return "".join("".join(view.mask[a:b]) for a, b in runs[i : j + 1])


def _glued(view: View, start: int, end: int) -> bool:
    """Digits stuck to Latin letters: 88VIP, 5G, N25HMJ, ISO8601."""
    before = view.s[start - 1] if start > 0 else ""
    after = view.s[end] if end < len(view.s) else ""
    return (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha())


def _national(digits: str, plus: bool) -> tuple[phonenumbers.PhoneNumber | None, str]:
    """For +CC... or 00CC..., the parsed number; else None. Second item: a bare country code, if that is all."""
    rest = digits[2:] if (not plus and digits.startswith("00")) else digits if plus else None
    if rest is None:
        return None, ""
    if len(rest) <= 3 and int(rest or "0") in phonenumbers.COUNTRY_CODE_TO_REGION_CODE:
        return None, rest
    try:
        number = phonenumbers.parse("+" + rest, None)
    except phonenumbers.NumberParseException:
        return None, ""
    if phonenumbers.is_possible_number(number):
        return number, ""
    return None, ""


@lru_cache(maxsize=4096)
def _valid_somewhere(digits: str) -> bool:
    for region in REGIONS:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number):
            return True
    return bool(channels.CN_SERVICE_NUMBER.fullmatch(digits))


SERVICE_NUMBER = re.compile(r"9[56]\d{3,4}")  # mainland 95xxx / 96xxx service numbers


def _data_ids(index: Index, digits: str, number: phonenumbers.PhoneNumber | None) -> list[str] | None:
    if number is not None:
        key = f"{number.country_code}{number.national_number}"
        if key in index.phones:
            return index.phones[key]
    return index.phones.get(digits)


def _call_context(before: str, after: str) -> bool:
    window = before[-14:]
    return bool(WINDOW_WORDS.search(window) or ADJACENT_WORDS.search(before) or AFTER_WORDS.match(after))


def _judge(view: View, runs, i: int, j: int, index: Index):
    """A finding (start, end, ids) for runs[i..j], None if it is not a phone number, "stop" if the chain is benign."""
    start, end = runs[i][0], runs[j][1]
    digits = _digits(view, runs, i, j)
    plus_at = _plus_before(view, start) if i == 0 else -1
    plus = plus_at >= 0
    number, bare_cc = _national(digits, plus)
    before, after = _context(view, plus_at if plus else start, end)
    if bare_cc:
        return None  # "+886" on its own names a country code
    if plus or number is not None:
        national = str(number.national_number) if number is not None else digits
    else:
        national = digits
    n = len(national)
    if len(digits) >= 16 or (n >= 15 and number is None):
        return "stop"  # order and tracking numbers
    if LABEL_BEFORE.search(before) and not (plus or number is not None):
        return "stop"
    shown_start = plus_at if plus else start
    if shown_start > 0 and view.mask[shown_start - 1] in "(（" and any(c in ")）" for c in view.s[start:end]):
        shown_start -= 1
    call = _call_context(before, after)
    ids = _data_ids(index, digits, number)
    glued = _glued(view, shown_start, end)
    if ids:
        if n <= 5 and not plus and not SERVICE_NUMBER.fullmatch(national):
            if not call or SUFFIX_UNITS.match(after) or PREFIX_CLAUSE.search(after):
                return None
        elif glued and n < 7 or n <= 5 and not call and (SUFFIX_UNITS.match(after) or PREFIX_CLAUSE.search(after)):
            return None
        return shown_start, end, ids
    if number is not None:
        return shown_start, end, None  # +CC or 00CC followed by a possible number
    if glued or CURRENCY_BEFORE.search(before):
        return None
    if n >= 7:
        if COMPACT_DATE.fullmatch(digits) and not call:
            return None
        if re.match(r"^[\s*_~`]*(?:元|港元|美元|澳门元|澳門元|新台币|新台幣|人民币|人民幣|万|萬|亿|億)", after):
            return None
        if _valid_somewhere(digits):
            return shown_start, end, None
        return None
    if n >= 5 and j == i and SERVICE_NUMBER.fullmatch(digits):
        if SUFFIX_UNITS.match(after) or PREFIX_CLAUSE.search(after):
            return None
        return shown_start, end, None
    return None


def _judge_context_only(view: View, runs, i: int, index: Index):
    """A number of 3+ digits that the text tells the reader to call, even if phonenumbers does not know it."""
    start, end = runs[i][0], runs[-1][1]
    digits = _digits(view, runs, i, len(runs) - 1)
    if len(digits) < 3 or len(digits) > 14:
        return None
    if i == 0 and _plus_before(view, start) >= 0 and _national(digits, True)[1]:
        return None  # "+886" names a country code
    before, after = _context(view, start, end)
    if not _call_context(before, after):
        return None
    if _glued(view, start, end) or CURRENCY_BEFORE.search(before) or LABEL_BEFORE.search(before):
        return None
    if SUFFIX_UNITS.match(after) or PREFIX_CLAUSE.search(after) or PREFIX_CLAUSE.search(before):
        return None
    if re.fullmatch(r"(?:19|20)\d{2}", digits):
        return None  # a year
    if len(runs) - i == 1 and len(digits) <= 4 and (view.s[start - 1 : start] in (".", ":") or view.s[end : end + 1] == "."):
        return None  # a decimal or a section number
    return start, end


# --- files ---------------------------------------------------------------------------------------


def kind_of(path: Path) -> str | None:
    suffix = path.suffix.lower()
    if suffix in BINARY_SUFFIXES:
        return None
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix in CODE_SUFFIXES:
        return "code"
    return "text"


def check_text(text: str, path: str, kind: str = "markdown", index: Index | None = None) -> list[Finding]:
    """Every finding in one file's text; ``path`` is only used in the messages."""
    index = index or load_index()
    view = build_view(text, kind)
    markdown = kind == "markdown"
    ranges = sources_ranges(text) if markdown else []

    def in_sources(line: int) -> bool:
        return any(a <= line < b for a, b in ranges)

    findings: list[Finding] = []
    find_urls(view, index, in_sources, markdown, findings, path)
    find_emails(view, index, markdown, findings, path)
    find_phones(view, index, markdown, findings, path)
    return sorted(set(findings))


def display(path: Path, root: Path = ROOT) -> str:
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def default_files(root: Path = ROOT) -> list[Path]:
    files = []
    for d in DEFAULT_DIRS:
        base = root / d
        if base.is_dir():
            files.extend(p for p in base.rglob("*") if p.is_file())
    return sorted(files)


def check_files(paths: Iterable[Path], root: Path = ROOT, index: Index | None = None) -> list[Finding]:
    index = index or load_index()
    findings: list[Finding] = []
    for path in paths:
        kind = kind_of(path)
        if kind is None:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        findings.extend(check_text(text, display(path, root), kind, index))
    return sorted(findings)


USAGE = """usage: python scripts/check_contacts.py [--site DIR | --sources-only | FILE ...]

  (no argument)   the sources (docs/, overrides/), the binaries under docs/, and the built site:
                  builds into a temporary directory, then checks what readers get
  --site DIR      the same, on a site already built into DIR
  --sources-only  the fast source scan of docs/ and overrides/ only
  FILE ...        the fast source scan of these files only (what pre-commit passes)

Exit 1 with one line per finding: path:line: what was found, normalised, and how to fix it."""


def build_site(site_dir: Path, root: Path = ROOT) -> subprocess.CompletedProcess:
    """mkdocs build --strict into site_dir; the output check is left to the caller (KB_GUARD_DEFER)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", KB_GUARD_DEFER="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )


def site_url(root: Path = ROOT) -> str:
    m = re.search(
        r"^site_url:\s*(?:!ENV\s*\[\s*\w+\s*,\s*)?[\"']?([^\"'\]\s]+)", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M
    )
    return os.environ.get("SITE_URL") or (m.group(1) if m else "")


def check_output_of(site: Path | None, root: Path = ROOT) -> list:
    """The output half of the guard: on ``site``, or on a fresh build into a temporary directory."""
    from kb.checks import output

    if site is not None:
        return output.check_output(site, root, site_url=site_url(root))
    with tempfile.TemporaryDirectory(prefix="kb-guard-") as tmp:
        result = build_site(Path(tmp) / "site", root)
        if result.returncode != 0:
            print(result.stdout[-4000:] + result.stderr[-8000:], file=sys.stderr)
            raise SystemExit("the site does not build (see above); the contact guard needs a built site")
        return output.check_output(Path(tmp) / "site", root, site_url=site_url(root))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if any(a in ("-h", "--help") for a in argv):
        print(__doc__)
        print(USAGE)
        return 0
    try:
        index = load_index()
    except channels.DataError as exc:
        print(exc, file=sys.stderr)
        print("the contact guard needs a valid data file: fix it first", file=sys.stderr)
        return 1
    sources_only = "--sources-only" in argv
    site: Path | None = None
    if "--site" in argv:
        i = argv.index("--site")
        if i + 1 >= len(argv):
            print(USAGE, file=sys.stderr)
            return 2
        site = Path(argv[i + 1]).resolve()
        argv = argv[:i] + argv[i + 2 :]
    argv = [a for a in argv if a != "--sources-only"]
    if argv:
        paths = []
        for a in argv:
            p = Path(a)
            p = p if p.is_absolute() else Path.cwd() / p
            if p.is_dir():
                paths.extend(sorted(q for q in p.rglob("*") if q.is_file()))
            elif p.exists():
                paths.append(p)
    else:
        paths = default_files()
    findings: list = list(check_files(paths, ROOT, index))
    if not argv and not sources_only:
        findings.extend(check_output_of(site))
    for f in findings:
        print(f)
    if not findings:
        scope = (
            f"{len(paths)} file(s)"
            if argv
            else ", ".join(d + "/" for d in DEFAULT_DIRS) + ("" if sources_only else " and the built site")
        )
        print(f"{scope}: no contact value typed outside {DATA_NAME}: OK")
        return 0
    print(
        f"\n{len(findings)} finding(s). Pages write [[ch:ID]] for a value in {DATA_NAME}; a new value goes into the "
        "data file first, with a source; what is not a contact goes on data/allowlist.yml with its reason (CONTRIBUTING.md).",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
