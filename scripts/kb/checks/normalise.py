"""One normaliser and one phone-key function, shared by the source scan, the output check, the data
model and the JSON export.

``fold(text)`` turns what a reader's browser would show into plain ASCII-friendly text in which a
disguised contact looks like itself again:

* character references (``&#52;``, ``&#x34``, ``&amp;#52;`` — with or without the final ``;``),
  JavaScript escapes (``\\u0034``, ``\\u{34}``, ``\\x34``), CSS escapes (``\\34 00``), percent
  escapes of letters and digits (``%34``) and ``atob("…")`` of base64 are decoded;
* invisible characters (zero-width, bidi controls, variation selectors, fillers) are dropped;
  NFKC folds full-width and compatibility forms (``４００``, ``＠``, ``①``); digits of any script
  become 0-9;
* runs of Chinese or spoken numerals (〇○零一二三四五六七八九十 幺 两 拐 洞, 壹贰叁…) become digits;
* look-alike letters inside digit runs (O/o/О/ο → 0, l/I/|/і → 1) become digits;
* defanged addresses (``taobao[.]help``, ``hxxps``, ``(at)``, ``艾特``, ``点com``) are re-armed.

``fold_with_offsets`` does the same and keeps, for every output character, the offset of the input
character it came from (the source scan uses it for line numbers). Both run the same passes.
"""

from __future__ import annotations

import base64
import binascii
import html
import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import phonenumbers
from phonenumbers import shortnumberinfo

# --- passes ----------------------------------------------------------------------------------------

_REF = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});?")
_JS = re.compile(r"\\u\{([0-9a-fA-F]{1,6})\}|\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})")
_CSS = re.compile(r"\\([0-9a-fA-F]{1,6})(?:\r\n|[ \t\n\f])?")
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")
_ATOB = re.compile(r"atob\(\s*([\"'`])([A-Za-z0-9+/=\s]{4,})\1\s*\)")


def _ref(m: re.Match) -> str | None:
    body = m.group(1)
    decoded = html.unescape(f"&{body};")
    if decoded == f"&{body};":
        return None  # not a reference
    return decoded


def _codepoint(value: str) -> str | None:
    cp = int(value, 16)
    if cp == 0 or cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
        return None
    return chr(cp)


def _js(m: re.Match) -> str | None:
    return _codepoint(m.group(1) or m.group(2) or m.group(3))


def _css(m: re.Match) -> str | None:
    return _codepoint(m.group(1))


def _pct(m: re.Match) -> str | None:
    c = chr(int(m.group(1), 16))
    return c if c.isascii() and (c.isalnum() or c in "@.:/+") else None


def _atob(m: re.Match) -> str | None:
    try:
        return base64.b64decode("".join(m.group(2).split()), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None


FILLERS = set("\u115f\u1160\u3164\uffa0\u2800\u180e\u034f")
# Prose punctuation that NFKC would turn into ASCII; kept so that a URL ends where the sentence does.
KEEP = set("，。；：（）！？、“”‘’「」『』《》〈〉【】〔〕…～")


def invisible(ch: str) -> bool:
    cat = unicodedata.category(ch)
    return cat in ("Cf", "Mn", "Me") or (cat == "Cc" and ch not in "\n\t") or ch in FILLERS


_CHAR_CACHE: dict[str, str] = {}


def _char(ch: str) -> str:
    out = _CHAR_CACHE.get(ch)
    if out is not None:
        return out
    if ch in "\n\t" or (ch.isascii() and ch.isprintable()):
        out = ch
    elif invisible(ch):
        out = ""
    elif ch in KEEP:
        out = ch
    else:
        out = "".join(c for c in unicodedata.normalize("NFKC", ch) if not invisible(c))
        if len(out) == 1 and not out.isascii():
            d = unicodedata.digit(out, None)
            if d is not None:
                out = str(d)
        if ch == "\u3000":
            out = " "
    _CHAR_CACHE[ch] = out
    return out


NUMERALS = {
    **dict.fromkeys("〇○◯零洞Ｏ", "0"),
    **dict.fromkeys("一壹幺么", "1"),
    **dict.fromkeys("二贰貳两兩", "2"),
    **dict.fromkeys("三叁參叄", "3"),
    **dict.fromkeys("四肆", "4"),
    **dict.fromkeys("五伍", "5"),
    **dict.fromkeys("六陆陸", "6"),
    **dict.fromkeys("七柒拐", "7"),
    **dict.fromkeys("八捌", "8"),
    **dict.fromkeys("九玖勾", "9"),
    "十": "10",
    "拾": "10",
}
_NUM = "".join(k for k in NUMERALS if k != "Ｏ")
_SEP = r"[ \t\-‐‑–—.·・、，,/\\|_~*()（）\[\]【】]"
# three or more numerals in a row (Chinese or mixed with 0-9), separators allowed between them
_NUM_RUN = re.compile(f"[0-9{_NUM}](?:{_SEP}{{0,2}}[0-9{_NUM}]){{2,}}")
_LOOK = "OoОоΟοIl|іІǀ"
_LOOK_MAP = {**dict.fromkeys("OoОоΟο", "0"), **dict.fromkeys("Il|іІǀ", "1")}
_LOOK_RUN = re.compile(f"(?<![A-Za-z])[0-9{_LOOK}]*[0-9][0-9{_LOOK}]*(?![A-Za-z])")
_DEFANG = [
    (
        re.compile(
            r"(?<=[A-Za-z0-9])\s*(?:\[\.\]|\(\.\)|\{\.\}|\[dot\]|\(dot\)|\{dot\}|（dot）|【\.】|\s+dot\s+|点|點|。)\s*(?=[A-Za-z0-9])",
            re.I,
        ),
        ".",
    ),
    (re.compile(r"(?<=[A-Za-z0-9])\s*(?:\[at\]|\(at\)|\{at\}|（at）|【at】|<at>|\s+at\s+|艾特|圈a|圈A)\s*(?=[A-Za-z0-9])"), "@"),
    (re.compile(r"(?<=[A-Za-z0-9])\s*@\s*(?=[A-Za-z0-9\u4e00-\u9fff])"), "@"),
    (re.compile(r"(?<=[A-Za-z0-9])\s*[#＃]\s*(?=[A-Za-z0-9-]+\.[A-Za-z]{2,})"), "@"),
    (re.compile(r"\bhxxp(s?)\b", re.I), r"http\1"),
    (re.compile(r"(?<=[a-z])\[:\](?=//)", re.I), ":"),
]


# Numerals that are also common words (大陆, 参加, 两个, 洞口, 拐弯 …): they count only in longer runs.
AMBIGUOUS = set("陆陸參叄两兩洞拐勾么十拾")


def _numerals(m: re.Match) -> str | None:
    run = m.group(0)
    cjk = [c for c in run if c in NUMERALS]
    strong = [c for c in cjk if c not in AMBIGUOUS]
    if not (len(strong) >= 2 or len(cjk) >= 3):
        return None
    return "".join(NUMERALS.get(c, c) for c in run)


def _looks(m: re.Match) -> str | None:
    run = m.group(0)
    if len(run) < 2 or not any(c in _LOOK_MAP for c in run):
        return None
    return "".join(_LOOK_MAP.get(c, c) for c in run)


# --- engine ----------------------------------------------------------------------------------------


def _apply(s: str, offs: list[int] | None, regex: re.Pattern, repl: Callable[[re.Match], str | None]):
    """Replace each match by repl(match) (None: leave it); keep offsets when given."""
    out: list[str] = []
    new_offs: list[int] | None = [] if offs is not None else None
    last = 0
    changed = False
    for m in regex.finditer(s):
        r = repl(m)
        if r is None or r == m.group(0):
            continue
        changed = True
        out.append(s[last : m.start()])
        out.append(r)
        if new_offs is not None:
            new_offs.extend(offs[last : m.start()])
            span = offs[m.start() : m.end()]
            if len(r) == len(span):
                new_offs.extend(span)
            elif len(r) == 1:
                new_offs.append(span[0])
            else:  # spread over the match: first character at its start, last at its end
                new_offs.extend(span[min(k * len(span) // len(r), len(span) - 1)] for k in range(len(r) - 1))
                new_offs.append(span[-1])
        last = m.end()
    if not changed:
        return s, offs
    out.append(s[last:])
    if new_offs is not None:
        new_offs.extend(offs[last:])
    return "".join(out), new_offs


_TABLE: dict[int, str] = {}


def _chars(s: str, offs: list[int] | None):
    if offs is None:
        if s.isascii() and s.isprintable():
            return s, None
        for c in set(s):
            if ord(c) not in _TABLE:
                _TABLE[ord(c)] = _char(c)
        return s.translate(_TABLE), None
    out: list[str] = []
    new_offs: list[int] = []
    for c, o in zip(s, offs):
        r = _char(c)
        if r:
            out.append(r)
            new_offs.extend([o] * len(r))
    return "".join(out), new_offs


_HAS_NUMERAL = re.compile(f"[{_NUM}]")
_HAS_DIGIT = re.compile(r"\d")
_DEFANG_HINT = re.compile(r"[\[({（【<#＃]|\sdot\s|\sat\s|点|點|。|艾特|圈|@|hxxp", re.I)


_RTL = re.compile("[\u202e\u2067]([^\n\u202c\u2069]*)")


def _rtl(s: str, offs: list[int] | None):
    """Right-to-left overrides show what follows them backwards: read those runs in display order."""
    out, new_offs, last = [], [] if offs is not None else None, 0
    for m in _RTL.finditer(s):
        out.append(s[last : m.start(1)])
        out.append(m.group(1)[::-1])
        if new_offs is not None:
            new_offs.extend(offs[last : m.start(1)])
            new_offs.extend(offs[m.start(1) : m.end(1)][::-1])
        last = m.end(1)
    out.append(s[last:])
    if new_offs is not None:
        new_offs.extend(offs[last:])
    return "".join(out), new_offs


def _run(text: str, offs: list[int] | None):
    s = text.replace("\r", "") if offs is None else text
    if "\u202e" in s or "\u2067" in s:
        s, offs = _rtl(s, offs)
    for _ in range(2):  # &amp;#52; and \\u0026#52; are decoded in two rounds
        if "atob" in s:
            s, offs = _apply(s, offs, _ATOB, _atob)
        if "&" in s:
            s, offs = _apply(s, offs, _REF, _ref)
        if "\\" in s:
            s, offs = _apply(s, offs, _JS, _js)
            s, offs = _apply(s, offs, _CSS, _css)
        if "%" in s:
            s, offs = _apply(s, offs, _PCT, _pct)
    s, offs = _chars(s, offs)
    if _HAS_NUMERAL.search(s):
        s, offs = _apply(s, offs, _NUM_RUN, _numerals)
    if _HAS_DIGIT.search(s):
        s, offs = _apply(s, offs, _LOOK_RUN, _looks)
    if _DEFANG_HINT.search(s):
        for regex, repl in _DEFANG:
            s, offs = _apply(s, offs, regex, lambda m, r=repl: m.expand(r))
    return s, offs


def fold(text: str) -> str:
    """The text as a contact finder should read it (see the module docstring)."""
    return _run(text, None)[0]


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """fold(text), with the input offset of every output character."""
    return _run(text, list(range(len(text))))


# --- phone keys -------------------------------------------------------------------------------------

REGIONS = ("CN", "TW", "HK", "MO")
# phonenumbers has no metadata for the mainland's 95xxx / 96xxx service numbers of 5-8 digits.
CN_SERVICE_NUMBER = re.compile(r"9[56]\d{3,6}")


def digits_of(text: str) -> str:
    return re.sub(r"\D", "", fold(text))


@lru_cache(maxsize=8192)
def phone_key(value: str, region: str = "CN") -> str:
    """The one key of a phone number: country code + national number ("869510211", "85229292222").

    ``value`` may be written in any form fold() understands; ``region`` says how to read a number
    written without a country code (CN, TW, HK, MO)."""
    digits = digits_of(value)
    plus = fold(value).lstrip().startswith("+")
    try:
        number = phonenumbers.parse(("+" if plus else "") + digits, None if plus else region)
    except phonenumbers.NumberParseException:
        return digits
    return f"{number.country_code}{number.national_number}"


def phone_keys_any_region(value: str) -> set[str]:
    """Every key the digits could mean, read as written in each region (for matching found text)."""
    return {phone_key(value, r) for r in REGIONS}


@lru_cache(maxsize=8192)
def is_dialable(digits: str) -> bool:
    """A valid number (or short number) in one of the regions the site covers."""
    for region in REGIONS:
        try:
            number = phonenumbers.parse(digits, region)
        except phonenumbers.NumberParseException:
            continue
        if phonenumbers.is_valid_number(number) or shortnumberinfo.is_valid_short_number_for_region(number, region):
            return True
    return bool(CN_SERVICE_NUMBER.fullmatch(digits))


def url_key(url: str) -> str:
    """How URLs compare everywhere (data file, source scan, output guard): host in lowercase
    without www. and a final dot, unquoted path and query, no trailing slash, no scheme."""
    url = url.strip()
    if "://" not in url and not url.startswith("//"):
        url = "https://" + url
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    host = (parts.hostname or "").lower().rstrip(".").removeprefix("www.")
    query = f"?{unquote(parts.query)}" if parts.query else ""
    return f"{host}{unquote(parts.path).rstrip('/')}{query}"
