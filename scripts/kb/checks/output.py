"""The contact guard on what a reader's browser gets: default deny on the built site.

Read with an HTML parser (lxml): every page's visible text (markup removed; hidden elements,
ruby, bdo and comments split nothing), every URL attribute (href, src, action, srcset …), every
attribute a browser shows (title, alt, aria-label, content, placeholder, value …), inline CSS and
JavaScript, the project's own scripts and styles, every JSON file (the export, search indexes),
sitemap.xml and feeds. Everything is normalised (kb.checks.normalise) and searched for anything
contact-like (kb.checks.detect). A hit is allowed only when it is

(a) a value the data file defines: a channel value, a tel: target the site renders for a callable
    channel, a channel source URL or a page reference URL (data/channels.yml ``references:``),
    or the host of one of those URLs;
(b) on data/allowlist.yml: an official host (subdomains included), one of the site's own URLs,
    or matched by a named benign pattern; binary files under docs/ are listed there by sha256.

Each finding names the source file and line it came from (the page's Markdown, the data file,
mkdocs.yml or a template under overrides/), what was found, normalised, and how to fix it.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

import lxml.etree
import lxml.html

from kb.checks import detect
from kb.checks.normalise import fold, url_key
from kb.data import allowlist as allowlist_mod
from kb.data import channels
from kb.search import pagefind_index
from kb.site import LANGS

URL_ATTRS = ("href", "src", "action", "formaction", "poster", "cite", "data", "background", "xlink:href", "ping", "manifest")
SHOWN_ATTRS = (
    "title",
    "alt",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "content",
    "placeholder",
    "value",
    "label",
    "summary",
    "download",
)
# Every attribute that can carry a link, code or text a reader sees (and on*, data-*); the rest
# (class, id …) never does. The HTML parser writes attribute names in lower case.
JUDGED_ATTRS = {*URL_ATTRS, "srcset", "imagesrcset", "style", *SHOWN_ATTRS}
BLOCK = set(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "caption",
        "dd",
        "details",
        "dialog",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "head",
        "title",
        "option",
        "select",
        "textarea",
        "button",
        "label",
        "input",
        "iframe",
        "video",
        "audio",
        "canvas",
        "svg",
        "math",
    ]
)
SKIP_TEXT = {"script", "style"}
# Plain lxml elements: lxml.html's element classes cost a Python call for every element touched.
HTML_PARSER = lxml.etree.HTMLParser()
# Read on their own, and splitting nothing around them: hidden elements and ruby annotations.
ASIDE_TAGS = {"rt", "rp"}
HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0", re.I)
TEXT_SUFFIXES = {".html", ".htm", ".xml", ".json", ".js", ".mjs", ".css", ".svg", ".txt", ".webmanifest", ".map", ".md"}
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".bmp", ".ico", ".pdf", ".tif", ".tiff", ".heic"}
JS_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`", re.S)
CSS_VALUES = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|url\(\s*([^)\"']*)\s*\)", re.S)
# Reserved names (RFC 2606, RFC 6761) and loopback addresses reach no one: never a contact.
EXAMPLE_DOMAINS = re.compile(
    r"(?:^|\.)(?:example\.(?:com|net|org)|example|invalid|test|localhost)$|^127\.\d+\.\d+\.\d+$|^\[?::1\]?$"
)
THEME_FILES = (
    "assets/javascripts/bundle.",
    "assets/javascripts/lunr/",
    "assets/javascripts/workers/search.",
    "assets/stylesheets/",
)

FIX = {
    "phone": "a phone number is shown only from data/channels.yml: add it there with its sources and write [[ch:ID]]; "
    "if it is not a contact (a date, an amount …), add a named benign pattern with its reason to data/allowlist.yml",
    "email": "an e-mail address is shown only from data/channels.yml (kind: email) with [[ch:ID]]",
    "handle": "a messaging account or group is shown only from data/channels.yml (kind: social) with [[ch:ID]]",
    "url": "cite the page in data/channels.yml (a channel source, or references: for a page link) or remove the link",
    "host": "name a site only when it is cited in data/channels.yml (sources or references) or on an official host",
    "scheme": "links other than https:// are never written by hand; tel: links come from [[ch:ID]] for official/reported numbers",
    "relative": "write the full https:// address, and cite it in data/channels.yml",
    "binary": "a maintainer checks the file (a QR code or a picture of a number cannot be read by the guard) and lists its sha256 under binaries: in data/allowlist.yml",
}


@dataclass(frozen=True, order=True)
class Finding:
    path: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else f"{self.path}: {self.message}"


@dataclass
class Policy:
    """What the data file and the allowlist allow."""

    values: channels.Values
    allow: allowlist_mod.Allowlist
    own_hosts: set[str]
    tel: set[str]
    urls: set[str]  # url_key of every source, reference and web value
    hosts: set[str]  # hosts of those URLs
    benign: re.Pattern | None = None

    @classmethod
    def make(cls, data: channels.DataFile, allow: allowlist_mod.Allowlist, site_url: str = "") -> Policy:
        from kb.render.tables import tel_uri  # rendering is what defines the tel: targets

        urls: set[str] = set()
        for ch in data.channels:
            urls.update(url_key(s.url) for s in ch.sources)
            if ch.kind == "web" and ch.value:
                urls.add(url_key(ch.value))
        urls.update(url_key(r.url) for r in data.references)
        hosts = {u.split("/", 1)[0] for u in urls}
        tel = {tel_uri(ch) for ch in data.channels if ch.kind == "phone" and ch.value and ch.status in channels.CALLABLE}
        own = {(urlsplit(site_url).hostname or "").lower()} - {""}
        return cls(channels.Values(data), allow, own, tel, urls, hosts, allow.benign_regex())

    def host_ok(self, host: str) -> bool:
        """A host named in text: the site's own, official, or (a parent of) the host of a data URL."""
        host = host.lower().rstrip(".").removeprefix("www.")
        if host in self.own_hosts or self.allow.is_official(host) or EXAMPLE_DOMAINS.search(host):
            return True
        return any(h == host or h.endswith("." + host) for h in self.hosts) and "." in host

    def glued_ok(self, hit: detect.Hit) -> bool:
        """Search indexes glue table cells together ("2026-11-2295188"); every page they come from is
        checked on its own. Here a hit is allowed when it splits into data values and benign text."""
        value = hit.value
        if hit.kind == "phone":
            return self._glued_phone_ok(value)
        if hit.kind == "email":
            return any(value.lower().endswith(e) and not value[-len(e) - 1 : -len(e)].isalpha() for e in self.values.emails)
        if hit.kind == "handle":
            return any(value.casefold().startswith(h) for h in self.values.handles)
        return False

    def _glued_phone_ok(self, value: str) -> bool:
        """A run of numbers glued by an index: it must split, at spaces, into groups of up to four
        words that are each a data value (any of its written forms or lookup keys) or benign
        text, or into two such parts inside one word (table cells glued with no space)."""
        words = value.split()
        if len(words) > 400:
            return False

        def group_ok(group: list[str]) -> bool:
            joined = " ".join(group)
            if self._part_ok(joined):
                return True
            return len(group) == 1 and any(self._part_ok(joined[:i]) and self._part_ok(joined[i:]) for i in range(1, len(joined)))

        ok = [True] + [False] * len(words)
        for end in range(1, len(words) + 1):
            ok[end] = any(ok[start] and group_ok(words[start:end]) for start in range(max(0, end - 4), end))
        return ok[-1]

    def _part_ok(self, part: str) -> bool:
        digits = re.sub(r"\D", "", part)
        if len(digits) < 3:
            return True
        if self.benign is not None and self.benign.fullmatch(part.strip(" -")):
            return True
        return bool(self.values.owner(detect.Hit(0, len(part), "phone", part)))

    def judge(self, hit: detect.Hit, attr: str | None = None) -> str | None:
        """None when allowed; else the kind of finding (a key of FIX)."""
        if hit.kind in ("phone", "handle"):
            return None if self.values.owner(hit) else hit.kind
        if hit.kind == "email":
            domain = hit.value.rsplit("@", 1)[-1].lower()
            return None if self.values.owner(hit) or EXAMPLE_DOMAINS.search(domain) else "email"
        if hit.kind == "host":
            host = hit.value.split("/", 1)[0]
            return None if self.host_ok(host) or EXAMPLE_DOMAINS.search(host.lower()) else "host"
        return self.judge_url(hit.value)

    def judge_url(self, url: str, raw: str | None = None) -> str | None:
        """None when allowed; ``raw`` is the URL as written (its folded form may differ: 1750458314l10)."""
        url = url.strip()
        low = url.lower()
        if low.startswith("//"):
            return "relative"
        m = re.match(r"([a-z][a-z0-9+.-]*):", low)
        if not m:
            return None  # a link inside the site
        scheme = m.group(1)
        if scheme in ("http", "https"):
            if self.allow.is_own_url(url):
                return None
            host = (urlsplit(url).hostname or "").lower()
            if host in self.own_hosts or self.allow.is_official(host) or EXAMPLE_DOMAINS.search(host):
                return None
            if url_key(url) in self.urls or (raw and url_key(raw) in self.urls):
                return None
            return "url"
        if scheme == "tel" and url in self.tel:
            return None
        if scheme == "mailto":
            address = unquote(url[7:]).split("?", 1)[0]
            return None if address.lower() in self.values.emails else "email"
        return "scheme"


@dataclass
class Raw:
    """One contact-like thing found in the site, before it is mapped back to a source."""

    site_file: str
    kind: str
    value: str
    where: str
    digits: str = ""
    extra: dict = field(default_factory=dict)


C0_AND_SPACE = "".join(map(chr, range(33)))
RECORD = "\n\u241e\n"  # between texts read in one pass: survives fold(), joins nothing


class Scanner:
    def __init__(self, policy: Policy):
        self.policy = policy
        self.raw: list[Raw] = []
        self.glued = False  # True while reading a search index
        self.pending: list[tuple[str, str, str, bool]] = []  # (text, site file, where, glued)
        self.seen: set[tuple[str, bool]] = set()
        self.seen_urls: set[str] = set()

    # --- text ------------------------------------------------------------------------------------

    def text(self, text: str, site_file: str, where: str) -> None:
        """Queue a text; flush() reads all queued texts in one pass (one fold, one find).

        Texts are queued line by line and each distinct line once per site: nothing contact-like
        spans a line break (block elements end a line), and navigation, header and footer repeat
        on every page."""
        glued = self.glued
        for line in text.split("\n"):
            line = line.strip()
            if not line:
                continue
            key = (line, glued)
            if key in self.seen:
                continue
            self.seen.add(key)
            self.pending.append((line, site_file, where, glued))

    def flush(self) -> None:
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        folded = fold(RECORD.join(t for t, _, _, _ in pending))
        starts = [0] + [m.end() for m in re.finditer(RECORD, folded)]
        for hit in detect.find(folded, self.policy.benign, folded=True):
            _, site_file, where, glued = pending[bisect.bisect_right(starts, hit.start) - 1]
            kind = self.policy.judge(hit)
            if kind and glued and self.policy.glued_ok(hit):
                continue
            if kind:
                self.raw.append(Raw(site_file, kind, hit.value, where, hit.digits if hit.kind == "phone" else ""))

    def url(self, url: str, site_file: str, where: str) -> None:
        # as a browser reads it: tabs and line breaks inside a URL are dropped (java&#9;script:)
        raw = re.sub(r"[\t\n\r]", "", url).strip(C0_AND_SPACE)
        if raw in self.seen_urls:
            return  # the same link on every page (navigation): judged once, reported at its first page
        self.seen_urls.add(raw)
        url = fold(raw)
        kind = self.policy.judge_url(url, raw)
        if kind:
            self.raw.append(Raw(site_file, kind, url, where))
        elif not re.match(r"(?i)[a-z][a-z0-9+.-]*:|//", url):
            # a link inside the site: only its text could hide something (?call=4008001688)
            self.text(unquote(url), site_file, where)

    def script(self, code: str, site_file: str, where: str) -> None:
        for m in JS_STRING.finditer(code):
            literal = m.group(0)[1:-1]
            folded = fold(literal)
            if "<" in folded and ">" in folded:
                self.html_fragment(folded, site_file, where)
            else:
                self.text(folded, site_file, where)
        for m in re.finditer(r"atob\([^)]*\)", code):
            self.text(m.group(0), site_file, where)

    def style(self, css: str, site_file: str, where: str) -> None:
        for m in CSS_VALUES.finditer(css):
            if m.group(1) is not None:
                value = m.group(1).strip()
                if not value.lower().startswith("data:"):
                    self.url(value, site_file, where + " url()")
            else:
                self.text(m.group(0)[1:-1], site_file, where + " string")

    def json_value(self, value, site_file: str, where: str) -> None:
        if isinstance(value, str):
            if "<" in value and ">" in value:
                self.html_fragment(value, site_file, where)
            elif re.match(r"(?i)[a-z][a-z0-9+.-]*:\S|//", value) and " " not in value:
                self.url(value, site_file, where)
            else:
                self.text(value, site_file, where)
        elif isinstance(value, dict):
            for k, v in value.items():
                if k == "@context":
                    continue  # a JSON-LD vocabulary (https://schema.org), never shown
                self.json_value(v, site_file, where)
                if isinstance(k, str) and not re.fullmatch(r"[\w$.@-]*", k):
                    self.text(k, site_file, where)
        elif isinstance(value, list):
            for v in value:
                self.json_value(v, site_file, where)

    # --- HTML ------------------------------------------------------------------------------------

    def html_fragment(self, markup: str, site_file: str, where: str) -> None:
        try:
            root = lxml.html.fragment_fromstring(markup.replace(LINE, " "), create_parent="div")
        except (lxml.etree.ParserError, ValueError):
            self.text(markup, site_file, where)
            return
        self.element(root, site_file)

    def html_page(self, content: bytes, site_file: str) -> None:
        try:
            root = lxml.etree.fromstring(content.replace(LINE.encode("utf-8"), b" "), HTML_PARSER)
            if root is None:
                raise ValueError("empty document")
        except (lxml.etree.ParserError, ValueError):
            self.text(content.decode("utf-8", "replace"), site_file, "page")
            return
        self.element(root, site_file)

    def element(self, root, site_file: str) -> None:
        """Judge ROOT (an lxml tree from the HTML parser, changed in place) the way a reader meets it: every
        attribute; scripts and styles on their own; hidden elements and ruby annotations on their
        own; and the rest as text in which each block element starts and ends a line. The tree is
        walked in Python once (attributes); the text is read by lxml (itertext)."""
        for el in root.iter():
            for name, value in el.items():
                if name in JUDGED_ATTRS or name.startswith(("on", "data-")):
                    self._attr(el, name.lower(), value, site_file)
        for el in list(root.iter(*SKIP_TEXT)):
            self._code(el, site_file)
            _drop(el)
        # A line break in the markup is a space on the screen (4008⏎001234 reads 4008 001234); a
        # block element, and a line break inside <pre> or <textarea>, starts a new line.
        for el in root.iter("pre", "textarea"):
            for inner in el.iter():
                inner.text = inner.text and inner.text.replace("\n", LINE)
                if inner is not el:
                    inner.tail = inner.tail and inner.tail.replace("\n", LINE)
        for el in root.iter(*BLOCK):
            el.text = LINE + (el.text or "")
            el.tail = LINE + (el.tail or "")
        for el in root.iter("br"):
            el.tail = " " + (el.tail or "")
        # Innermost first: a hidden element inside another is read on its own, like its parent.
        for el in reversed(root.xpath("descendant-or-self::*[@hidden or @style or self::rt or self::rp]")):
            if el.tag in ASIDE_TAGS or el.get("hidden") is not None or HIDDEN_STYLE.search(el.get("style") or ""):
                self.text(_shown("".join(el.itertext())), site_file, f"<{el.tag}> (hidden or annotation)")
                _drop(el)
        self.text(_shown("".join(root.itertext())), site_file, "text")  # comments are not text: never shown

    def _code(self, el, site_file: str) -> None:
        body = el.text or ""
        kind = (el.get("type") or "").lower()
        if el.tag == "script" and el.get("id") == "__config":
            pass  # the theme's own settings (features, search path), from mkdocs.yml: reviewed there
        elif el.tag == "script" and "json" in kind:
            try:
                self.json_value(json.loads(body), site_file, f"<script type={kind}>")
            except ValueError:
                self.script(body, site_file, "<script>")
        elif el.tag == "script":
            self.script(body, site_file, "<script>")
        else:
            self.style(body, site_file, "<style>")

    def _attr(self, el, name: str, value: str, site_file: str) -> None:
        tag = el.tag.lower()
        if not value:
            return
        value = value.replace("\n", " ")  # shown on one line (a tooltip, a label)
        if name in URL_ATTRS:
            self.url(value, site_file, f"<{tag} {name}>")
        elif name in ("srcset", "imagesrcset"):
            for part in value.split(","):
                if part.strip():
                    self.url(part.strip().split()[0], site_file, f"<{tag} {name}>")
        elif name == "style":
            self.style(value, site_file, f"<{tag} style>")
        elif name.startswith("on"):
            self.script(value, site_file, f"<{tag} {name}>")
        else:  # SHOWN_ATTRS and data-*: CSS can show data-* (content: attr(data-x))
            if (tag == "meta" and (el.get("name") or "").lower() == "generator") or name == "data-md-component":
                return  # "mkdocs-1.6.1, mkdocs-material-9.8.1"
            if name == "content" and re.match(r"(?i)https?://|//", value.strip()):
                self.url(value, site_file, f"<{tag} {name}>")
            else:
                self.text(value, site_file, f"<{tag} {name}>")

    # --- files -----------------------------------------------------------------------------------

    def xml(self, content: bytes, site_file: str) -> None:
        try:
            root = lxml.etree.fromstring(content, parser=lxml.etree.XMLParser(resolve_entities=False, no_network=True))
        except lxml.etree.XMLSyntaxError:
            self.text(content.decode("utf-8", "replace"), site_file, "xml")
            return
        for el in root.iter():
            if not isinstance(el.tag, str):
                continue
            local = el.tag.rsplit("}", 1)[-1].lower()
            text = (el.text or "").strip()
            if text:
                if local in ("loc", "link", "id", "guid", "url", "uri") and re.match(r"(?i)https?://|//|[a-z]+:", text):
                    self.url(text, site_file, f"<{local}>")
                elif "<" in text:
                    self.html_fragment(text, site_file, f"<{local}>")
                else:
                    self.text(text, site_file, f"<{local}>")
            for name, value in el.attrib.items():
                local_attr = name.rsplit("}", 1)[-1].lower()
                if local_attr in ("href", "src", "url"):
                    self.url(value, site_file, f"<{local} {local_attr}>")
                elif local_attr in SHOWN_ATTRS:
                    self.text(value, site_file, f"<{local} {local_attr}>")


# A line as the screen shows it (Scanner.element), until _shown(): a noncharacter, which the pages
# never hold (any that a file holds are read as spaces, so they cannot split a number either).
LINE = "\ufdd0"


def _shown(text: str) -> str:
    """Text read out of a tree: line breaks of the markup are spaces, LINE marks are lines."""
    return text.replace("\n", " ").replace(LINE, "\n")


def _drop(el) -> None:
    """Take EL and its content out of the tree, keeping the text that follows it (its tail)."""
    parent = el.getparent()
    if parent is None:
        el.clear()
        return
    tail, previous = el.tail or "", el.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent.text = (parent.text or "") + tail
    parent.remove(el)


# --- the whole site --------------------------------------------------------------------------------


def _project_file(rel: str, root: Path) -> bool:
    """A script or style of this project (from docs/ or overrides/), not the theme's own bundle."""
    if any(rel.startswith(p) for p in THEME_FILES):
        return False
    return any((root / base / rel).exists() for base in ("docs", "overrides", *(f"docs/{lang}" for lang in LANGS)))


def scan_site(site: Path, policy: Policy, root: Path, wait=None) -> list[Raw]:
    """Read every file of SITE: the pages first, then each language's search bundle. WAIT, if
    given, is called with a bundle's folder before it is read (the build starts the guard while
    the last language's index is still being written)."""
    scanner = Scanner(policy)
    bundles = [pagefind_index.bundle_dir(site, lang) for lang in LANGS]

    def in_bundle(path: Path) -> bool:
        return any(bundle in path.parents for bundle in bundles)

    for path in sorted(p for p in site.rglob("*") if not in_bundle(p)):
        _scan_file(scanner, site, path, root)
    for bundle in bundles:
        if wait is not None:
            wait(bundle)
        for path in sorted(bundle.rglob("*")):
            _scan_file(scanner, site, path, root)
    scanner.flush()
    return scanner.raw


def _scan_file(scanner: Scanner, site: Path, path: Path, root: Path) -> None:
    if not path.is_file():
        return
    rel = path.relative_to(site).as_posix()
    suffix = path.suffix.lower()
    if suffix in (".html", ".htm"):
        scanner.html_page(path.read_bytes(), rel)
    elif suffix == ".json" or suffix == ".webmanifest":
        scanner.glued = "search" in rel.split("/")[-2:][0] or path.name.startswith(("search", "pagefind"))
        try:
            scanner.json_value(json.loads(path.read_text(encoding="utf-8")), rel, "json")
        except ValueError:
            scanner.text(path.read_text(encoding="utf-8", errors="replace"), rel, "json")
        scanner.glued = False
    elif suffix in (".xml", ".rss", ".atom", ".svg"):
        scanner.xml(path.read_bytes(), rel)
    elif suffix in (".js", ".mjs") and _project_file(rel, root):
        scanner.script(path.read_text(encoding="utf-8", errors="replace"), rel, "script")
    elif suffix == ".css" and _project_file(rel, root):
        scanner.style(path.read_text(encoding="utf-8", errors="replace"), rel, "stylesheet")
    elif suffix == ".txt":
        scanner.text(path.read_text(encoding="utf-8", errors="replace"), rel, "text")
    elif suffix == ".pf_fragment":  # Pagefind: gzip of "pagefind_dcd" + the page's JSON record
        scanner.glued = True
        # the pair tokens encode text checked on the page itself, and read as handles ("qq q1a2b")
        try:
            raw = gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd").decode("utf-8")
            scanner.json_value(json.loads(pagefind_index.without_pair_tokens(raw)), rel, "search fragment")
        except (OSError, ValueError, EOFError):
            scanner.text(f"unreadable search fragment {rel}", rel, "search fragment")
        scanner.glued = False
    if len(scanner.pending) > 20_000:
        scanner.flush()


def check_binaries(root: Path, allow: allowlist_mod.Allowlist) -> list[Finding]:
    """Every binary file under docs/ must be listed by sha256 in data/allowlist.yml."""
    findings = []
    docs = root / "docs"
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        data = path.read_bytes()
        is_binary = path.suffix.lower() in BINARY_SUFFIXES or b"\0" in data[:8192]
        if not is_binary and path.suffix.lower() not in TEXT_SUFFIXES:
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                is_binary = True
        if not is_binary:
            continue
        digest = hashlib.sha256(data).hexdigest()
        if allow.binaries.get(rel) != digest:
            listed = "is not listed" if rel not in allow.binaries else "changed since it was listed"
            findings.append(Finding(rel, 0, f"binary file {listed} (sha256 {digest}): {FIX['binary']}"))
    return findings


# --- mapping back to the sources -------------------------------------------------------------------


class SourceMap:
    """Find the source file and line an output value came from."""

    def __init__(self, root: Path):
        self.root = root
        self._lines: dict[Path, list[str]] = {}

    def folded_lines(self, path: Path) -> list[str]:
        if path not in self._lines:
            try:
                text = path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                text = ""
            self._lines[path] = [fold(line) for line in text.split("\n")]
        return self._lines[path]

    def page_sources(self, site_file: str) -> list[Path]:
        docs = self.root / "docs"
        parts = site_file.split("/")
        lang = parts[0] if parts[0] in LANGS[1:] else LANGS[0]
        rest = parts[1:] if parts[0] in LANGS[1:] else parts
        if rest and rest[-1] == "index.html":
            stem = "/".join(rest[:-1])
            out = [docs / lang / (stem + ".md" if stem else "index.md"), docs / lang / stem / "index.md"]
        else:
            out = [docs / lang / "/".join(rest).replace(".html", ".md")]
        return [p for p in out if p.exists()]

    def candidates(self, site_file: str) -> list[Path]:
        root = self.root
        first = self.page_sources(site_file)
        if site_file.endswith(tables_export()):
            first = [root / "data" / "channels.yml"]
        rest = [root / "data" / "channels.yml", root / "mkdocs.yml"]
        for base in ("overrides", "docs"):
            d = root / base
            if d.is_dir():
                rest.extend(p for p in sorted(d.rglob("*")) if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES | {".md"})
        scripts = root / "scripts" / "kb"
        if scripts.is_dir():  # UI strings of the renderers
            rest.extend(sorted(scripts.rglob("*.py")))
        rest.append(root / "data" / "allowlist.yml")
        direct = root / "docs" / site_file
        if direct.exists():
            first.insert(0, direct)
        return list(dict.fromkeys(first + rest))

    def locate(self, raw: Raw) -> tuple[str, int]:
        needle = raw.digits or raw.value
        host = ""
        if raw.kind in ("url", "host", "relative"):
            host = (urlsplit(raw.value if "//" in raw.value else "//" + raw.value).hostname or "").lower()
        for path in self.candidates(raw.site_file):
            for no, line in enumerate(self.folded_lines(path), 1):
                hay = re.sub(r"\D", "", line) if raw.digits else line
                if needle in hay or (not raw.digits and needle.lower() in hay.lower()) or (host and host in line.lower()):
                    return path.relative_to(self.root).as_posix(), no
        return f"site/{raw.site_file}", 0


def tables_export() -> str:
    from kb.site import EXPORT_PATH

    return EXPORT_PATH


def check_output(
    site: Path, root: Path, data: channels.DataFile | None = None, site_url: str = "", also_own: str = "", wait=None
) -> list[Finding]:
    """Every finding in a built site, mapped back to the sources under ``root``. ALSO_OWN: one more
    URL of the site itself (mkdocs serve builds with the dev server's address as site_url, while
    the pages still name the published host). WAIT: see scan_site."""
    data = data or channels.load(root / "data" / "channels.yml")
    allow = allowlist_mod.load(root / "data" / "allowlist.yml")
    policy = Policy.make(data, allow, site_url)
    if also_own and urlsplit(also_own).hostname:
        policy.own_hosts.add(urlsplit(also_own).hostname.lower())
    raws = scan_site(site, policy, root, wait)
    mapper = SourceMap(root)
    findings: dict[tuple, Finding] = {}
    for raw in raws:
        path, line = mapper.locate(raw)
        what = {"relative": "protocol-relative link", "scheme": "link", "url": "external link", "host": "external host"}.get(
            raw.kind, raw.kind
        )
        message = (
            f"{what} {raw.value!r} (normalised) in {raw.site_file} [{raw.where}] is not from data/channels.yml: {FIX[raw.kind]}"
        )
        findings.setdefault((path, line, raw.kind, raw.value), Finding(path, line, message))
    return sorted(findings.values()) + check_binaries(root, allow)
