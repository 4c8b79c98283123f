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
PROTOCOL_RELATIVE = re.compile(rf"(?<![\w:/\\])//(?:[\w-]+\.)+[a-z]{{2,}}[^{_STOP}]*", re.I)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
HOST = re.compile(r"(?i)(?<![\w@.\-/\\])((?:[\w](?:[\w-]{0,61}[\w])?\.)+[\w-]{2,24})(?![\w-])(/[^\s<>\"'`\x00，。；（）！？、“”「」【】]*)?")
HANDLE = re.compile(r"(?<![\w.@])@[A-Za-z0-9_\u4e00-\u9fff][\w.\u4e00-\u9fff-]{1,31}")
MESSAGING = re.compile(
    r"(?i)(QQ群?|QQ号|扣扣|企鹅号|群号|群號|微信号|微信號|微信|vx|wx|v信|薇信|威信|wechat|weixin|line\s?id|telegram|whatsapp|skype|tg)"
    r"\s?((?:[:：=]|号|號|id|ID)?)\s?[:：]?\s?([A-Za-z0-9][A-Za-z0-9_.-]{4,29})"
)
# Extensions of files that contributors name in prose; as top-level domains they are not hosts.
FILE_SUFFIXES = {"md", "py", "sh", "js", "json", "yml", "yaml", "css", "html", "txt", "toml", "in", "cfg", "zip", "pdf", "png", "svg"}
SEP = r"[ \t\-‐‑‒–—―−﹣.·・•/\\|,，、()（）\[\]【】_~*'’]"
CHAIN = re.compile(rf"\+?\d(?:{SEP}{{0,3}}\d)*")
CALL_BEFORE = re.compile(
    r"(?i)(?:拨打|撥打|拨|撥|打给|打給|打到|打|致电|致電|电话|電話|热线|熱線|专线|專線|号码|號碼|客服|来电|來電|联系|聯繫|聯絡|"
    r"短号|短號|呼叫|call|dial|tel|phone|hotline|☎|📞|📱)[^\d\n]{0,6}$"
)
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


def _trim(url: str) -> str:
    while url and url[-1] in ".,;:!?'\"*_~>]}|":
        url = url[:-1]
    while url.endswith(")") and url.count(")") > url.count("("):
        url = url[:-1]
    return url


def _blank(chars: list[str], start: int, end: int) -> None:
    for k in range(start, end):
        chars[k] = "\x00"


def find(text: str, benign: re.Pattern | None = None, folded: bool = False) -> list[Hit]:
    """Every contact-like thing in ``text`` (folded first unless ``folded``)."""
    s = text if folded else fold(text)
    hits: list[Hit] = []
    chars = list(s)

    def add(kind: str, start: int, end: int, value: str) -> None:
        hits.append(Hit(start, end, kind, value))
        _blank(chars, start, end)

    for m in URL.finditer(s):
        url = _trim(m.group(0))
        add("url", m.start(), m.start() + len(url), url)
    cur = "".join(chars)
    for m in PROTOCOL_RELATIVE.finditer(cur):
        url = _trim(m.group(0))
        add("url", m.start(), m.start() + len(url), url)
    cur = "".join(chars)
    for m in EMAIL.finditer(cur):
        add("email", m.start(), m.end(), m.group(0))
    cur = "".join(chars)
    for m in HOST.finditer(cur):
        host = m.group(1).lower()
        suffix = public_suffix(host)
        if not suffix or suffix == host or host.rsplit(".", 1)[-1] in FILE_SUFFIXES or host.replace(".", "").isdigit():
            continue
        value = _trim(m.group(0))
        add("host", m.start(), m.start() + len(value), value)
    cur = "".join(chars)
    for m in MESSAGING.finditer(cur):
        label, sep, ident = m.group(1), m.group(2), m.group(3)
        if not sep and not re.search(r"[\d_]", ident):
            continue  # "WhatsApp messages": a word, not an account
        add("handle", m.start(), m.end(), f"{label} {ident}")
    cur = "".join(chars)
    for m in HANDLE.finditer(cur):
        add("handle", m.start(), m.end(), m.group(0))
    cur = "".join(chars)
    if benign is not None:
        for m in benign.finditer(cur):
            if m.end() > m.start():
                _blank(chars, m.start(), m.end())
        cur = "".join(chars)
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
        if n >= 7 or (chain.startswith("+") and n >= 5):
            phone = not (glued and n < 9)
        elif n >= 5:
            phone = not glued and (call or is_dialable(digits))
        else:
            phone = not glued and call and not re.fullmatch(r"(?:19|20)\d\d", digits)  # a year
        if phone:
            hits.append(Hit(m.start(), m.start() + len(chain), "phone", chain))
    return sorted(hits)
