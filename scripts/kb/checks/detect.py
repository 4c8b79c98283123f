"""Find everything contact-like in normalised text (see normalise.fold): phone-like digit runs,
e-mail addresses, messaging handles and group numbers, URLs of any scheme, protocol-relative
addresses and bare host names. Pure: the caller decides what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from kb.checks.normalise import fold, is_dialable

# Schemes a browser or phone hands to another app (and script schemes): never plain web links.
SCHEMES = (
    "tel|sms|smsto|mms|mailto|callto|facetime|facetime-audio|weixin|wechat|whatsapp|tg|line|skype|viber|mqq|mqqwpa|"
    "mqqapi|alipays|alipay|taobao|tmall|intent|market|itms-apps|javascript|vbscript|data|file|ftp|sip|im|xmpp"
)
_STOP = r"\s<>\"'`\x00，。；（）！？、“”‘’「」『』《》〈〉【】\u4e00-\u9fff"
URL = re.compile(rf"(?i)(?<![A-Za-z0-9+.-])(?:[a-z][a-z0-9+.-]{{1,30}}://|(?:{SCHEMES}):)[^{_STOP}]+")
_SCHEME_SET = set(SCHEMES.split("|"))
_SCHEME_BEFORE = re.compile(r"(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{0,30}$")
_URL_REST = re.compile(rf"[^{_STOP}]+")
PROTOCOL_RELATIVE = re.compile(rf"(?<![\w:/\\])//(?:[\w-]+\.)+[a-z]{{2,}}[^{_STOP}]*", re.I)
EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@(?:(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}(?![A-Za-z0-9-])|(?:[\w-]+\.)+[\u4e00-\u9fff]{2,4}(?![\w]))"
)
CJK_TLDS = "中国|中國|公司|网络|網絡|香港|台灣|台湾|澳門|澳门|在线|网址|网店|商城|购物|移动|集团|淘宝|天猫|手机|信息|新闻"
HOST = re.compile(
    r"(?i)(?<![A-Za-z0-9@.\-/\\\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff])((?:[a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff](?:[a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff-]{0,61}[a-z0-9\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff])?\.)+[a-z]{2,24}(?![a-z0-9-])|(?:[\w-]+\.)+(?:"
    + CJK_TLDS
    + r"))(/[^\s<>\"'`\x00，。；（）！？、“”「」【】\u4e00-\u9fff]*)?"
)
HANDLE = re.compile(r"(?<![.@])@[A-Za-z0-9_\u4e00-\u9fff][\w.\u4e00-\u9fff-]{1,31}")
MESSAGING = re.compile(
    r"(?i)(QQ群?|QQ号|扣扣|企鹅号|群号|群號|微信号|微信號|微信|vx|wx|v信|薇信|威信|wechat|weixin|line\s?id|telegram|whatsapp|skype|tg)"
    r"\s?((?:[:：=]|号|號|id|ID)?)\s?[:：]?\s?([A-Za-z0-9][A-Za-z0-9_.-]{4,29})"
)
# Extensions of files that contributors name in prose; as top-level domains they are not hosts.
FILE_SUFFIXES = {
    "md",
    "py",
    "sh",
    "js",
    "json",
    "yml",
    "yaml",
    "css",
    "html",
    "txt",
    "toml",
    "in",
    "cfg",
    "zip",
    "pdf",
    "png",
    "svg",
}
SEP = r"[ \t\-‐‑‒–—―−﹣.·・•/\\|,，、()（）\[\]【】_~*'’]"
CHAIN = re.compile(rf"\+?\d(?:{SEP}{{0,3}}\d)*")
CALL_BEFORE = re.compile(
    r"(?i)(?:拨打|撥打|拨|撥|打给|打給|打到|打|致电|致電|电话|電話|热线|熱線|专线|專線|号码|號碼|客服|来电|來電|联系|聯繫|聯絡|"
    r"短号|短號|呼叫|call|dial|tel|phone|hotline|☎|📞|📱)[^\d\n]{0,6}$"
)
CALL_GLUED = re.compile(r"(?i)(?:tel|phone|call|dial|vx|wx|qq|wechat|whatsapp|line|hotline|fax)$")
CALL_AFTER = re.compile(r"(?i)^[^\d\n]{0,3}(?:热线|熱線|专线|專線|报警|報警|報案|hotline)")


@dataclass(frozen=True, order=True)
class Hit:
    start: int
    end: int
    kind: str  # phone | email | handle | url | host
    value: str  # as found, normalised

    @property
    def digits(self) -> str:
        return re.sub(r"\D", "", self.value)


@lru_cache(maxsize=1)
def _psl():
    from publicsuffixlist import PublicSuffixList  # bundled snapshot; never fetches

    return PublicSuffixList()


def public_suffix(host: str) -> str | None:
    return _psl().publicsuffix(host.lower(), accept_unknown=False)


def registrable(host: str) -> str:
    """The registrable domain (taobao.com for a.b.taobao.com), or the host itself."""
    return _psl().privatesuffix(host.lower(), accept_unknown=False) or host.lower()


_HAS_DIGIT = re.compile(r"\d")


def _host(m: re.Match):
    host = m.group(1).lower()
    suffix = public_suffix(host)
    if not suffix or suffix == host or host.rsplit(".", 1)[-1] in FILE_SUFFIXES or host.replace(".", "").isdigit():
        return None
    return m.start(), trim_url(m.group(0))


def _messaging(m: re.Match):
    _label, sep, ident = m.group(1), m.group(2), m.group(3)
    if not sep and not re.search(r"[\d_]", ident):
        return None  # "WhatsApp messages": a word, not an account
    return m.start(), m.group(0)


def trim_url(url: str) -> str:
    """A URL found in text, without the punctuation and markup that end the sentence around it."""
    while url and url[-1] in ".,;:!?'\"*_~`>]}|":
        url = url[:-1]
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def _blanked(s: str, spans: list[tuple[int, int]]) -> str:
    if not spans:
        return s
    out, last = [], 0
    for start, end in sorted(spans):
        out.append(s[last:start])
        out.append("\x00" * (end - start))
        last = end
    out.append(s[last:])
    return "".join(out)


_MSG_LABELS = (
    "qq",
    "扣扣",
    "企鹅",
    "群号",
    "群號",
    "微信",
    "vx",
    "wx",
    "v信",
    "薇信",
    "威信",
    "wechat",
    "weixin",
    "line",
    "telegram",
    "whatsapp",
    "skype",
    "tg",
)
_COLON = re.compile(":")


def _all(text: str, needle: str):
    i = text.find(needle)
    while i >= 0:
        yield i
        i = text.find(needle, i + 1)


# Nothing contact-like can be found in a text without one of these (a fast path for short texts).
_HINT = re.compile(r"[0-9@:/.：]|(?i:qq|vx|wx|v信|微信|扣扣|群|企鹅|薇信|威信|wechat|weixin|line|telegram|whatsapp|skype|tg)")


def find(text: str, benign: re.Pattern | None = None, folded: bool = False) -> list[Hit]:
    """Every contact-like thing in ``text`` (folded first unless ``folded``)."""
    s = text if folded else fold(text)
    if len(s) < 2000 and not _HINT.search(s):
        return []
    hits: list[Hit] = []
    cur = s

    def scan(regex: re.Pattern, kind: str, accept) -> None:
        nonlocal cur
        spans = []
        for m in regex.finditer(cur):
            found = accept(m)
            if found:
                start, value = found
                hits.append(Hit(start, start + len(value), kind, value))
                spans.append((start, start + len(value)))
        cur = _blanked(cur, spans)

    if ":" in cur:
        # anchored on each ':' (a regex tried at every position is slow on whole sites)
        spans = []
        for colon in _COLON.finditer(cur):
            p = colon.start()
            sm = _SCHEME_BEFORE.search(cur, max(0, p - 31), p)
            if not sm:
                continue
            scheme = sm.group(0).lower()
            if not (cur.startswith("//", p + 1) or scheme in _SCHEME_SET):
                continue
            rest = _URL_REST.match(cur, p + 1)
            if not rest:
                continue
            url = trim_url(cur[sm.start() : rest.end()])
            if spans and sm.start() < spans[-1][1]:
                continue
            hits.append(Hit(sm.start(), sm.start() + len(url), "url", url))
            spans.append((sm.start(), sm.start() + len(url)))
        cur = _blanked(cur, spans)
    if "//" in cur:
        scan(PROTOCOL_RELATIVE, "url", lambda m: (m.start(), trim_url(m.group(0))))
    if "@" in cur:
        scan(EMAIL, "email", lambda m: (m.start(), m.group(0)))
    if "." in cur:
        scan(HOST, "host", _host)
    low = cur.lower()
    starts = sorted({i for label in _MSG_LABELS for i in _all(low, label)})
    if starts:
        spans = []
        for i in starts:
            if spans and i < spans[-1][1]:
                continue
            m = MESSAGING.match(cur, i)
            found = _messaging(m) if m else None
            if found:
                hits.append(Hit(found[0], found[0] + len(found[1]), "handle", found[1]))
                spans.append((found[0], found[0] + len(found[1])))
        cur = _blanked(cur, spans)
    if "@" in cur:
        scan(HANDLE, "handle", lambda m: (m.start(), m.group(0)))
    if benign is not None and _HAS_DIGIT.search(cur):
        # benign patterns are only tried around digit runs (the whole text would be slow)
        spans, windows = [], []
        for m in CHAIN.finditer(cur):
            if m.end() - m.start() >= 3:
                a, b = max(0, m.start() - 30), min(len(cur), m.end() + 30)
                if windows and a <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], b)
                else:
                    windows.append((a, b))
        for a, b in windows:
            spans.extend(bm.span() for bm in benign.finditer(cur, a, b) if bm.end() > bm.start())
        cur = _blanked(cur, _merge(spans))
    for m in CHAIN.finditer(cur):
        chain = m.group(0)
        while chain and not chain[-1].isdigit():
            chain = chain[:-1]
        digits = re.sub(r"\D", "", chain)
        n = len(digits)
        if n < 3:
            continue
        groups = re.findall(r"\d+", chain)
        if len(groups) >= 3 and max(map(len, groups)) <= 2 and re.search(r"[、，,]", chain):
            continue  # an enumeration: 1、2、3
        before, after = cur[max(0, m.start() - 12) : m.start()], cur[m.start() + len(chain) : m.start() + len(chain) + 8]
        call = bool(CALL_BEFORE.search(before) or CALL_AFTER.match(after))
        glued = (m.start() > 0 and cur[m.start() - 1].isascii() and cur[m.start() - 1].isalpha()) or (
            after[:1].isascii() and after[:1].isalpha()
        )
        if glued and CALL_GLUED.search(before):
            glued = False  # Tel4008001234, vx95102110
        if chain.startswith("+") and len(groups) == 1 and n <= 3:
            continue  # "+886": a country code on its own
        if n >= 7 or (chain.startswith("+") and n >= 5):
            phone = not (glued and n < 9)
        elif n >= 5:
            phone = not glued and (call or is_dialable(digits))
        else:
            phone = not glued and call and not re.fullmatch(r"(?:19|20)\d\d", digits)  # a year
        if phone:
            hits.append(Hit(m.start(), m.start() + len(chain), "phone", chain))
    return sorted(hits)
