"""Render what the site shows from data/channels.yml: inline values, generated tables, the JSON export.

Everything here is a pure function of the data and the page: same input, same bytes. The MkDocs
hook (scripts/hooks.py) calls it while building; ``python scripts/kb.py generate`` calls it to
write the same output to a folder for review.
"""

from __future__ import annotations

import json
import posixpath
import re
from functools import cache
from pathlib import Path

import phonenumbers
from markupsafe import escape

from kb.data.channels import CALLABLE, Channel, DataFile, phone_key, phone_keys, phone_number
from kb.site import EXPORT_PATH, lang_prefix  # noqa: F401  (EXPORT_PATH: published once for both languages)

STATUS_ICON = {
    "official": "material/check-decagram",
    "reported": "material/account-group",
    "unverified": "material/help-circle",
    "not-taobao": "material/cancel",
    "defunct": "material/close-octagon",
}

T = {
    "zh-Hans": {
        "status": {
            "official": "官方来源",
            "reported": "多方报道",
            "unverified": "未经证实",
            "not-taobao": "非淘宝",
            "defunct": "已停用",
        },
        "status_help": {
            "official": "公司或政府自己的页面，或法律条文",
            "reported": "两个以上独立、可信的二手来源一致",
            "unverified": "只有一个来源，或只见于 SEO 文章",
            "not-taobao": "常被当作淘宝的，其实属于别人",
            "defunct": "已关闭或停止服务",
        },
        "hours": {"24h": "24 小时", "office": "办公时间", "unknown": "未知", "disputed": "来源不一", "n/a": "—"},
        "region": {"cn": "中国大陆", "tw": "台湾", "hk": "香港", "mo": "澳门", "intl": "境外"},
        "group": {
            "customer-service": "淘宝及阿里系客服",
            "seller": "卖家与商家",
            "claims": "网传但不可信的号码与地址",
            "complaint": "消费投诉",
            "anti-fraud": "反诈咨询与举报",
            "police": "报警",
        },
        "col": {
            "channel": "渠道",
            "status": "状态",
            "use": "用途与说明",
            "hours": "时间",
            "sources": "来源",
            "number": "号码",
            "owner": "是谁的",
            "claim": "网传说法",
            "fact": "实际情况",
            "problem": "问题",
            "go": "先找",
            "advice": "怎么做",
            "more": "详细",
            "source": "来源",
            "date": "日期",
            "cited": "用于",
            "region": "地区",
            "value": "号码或地址",
        },
        "how": "怎么用：",
        "note": "注意：",
        "checked": "资料来源读取于",
        "undated": "未注明日期",
        "no_phone": "没有可以确认的淘宝客服电话。网上流传的号码见下方“网传的错误号码”。",
        "no_value": "无号码",
        "see": "查看说明",
        "warn_prefix": "不要拨打",
    },
    "zh-Hant": {
        "status": {
            "official": "官方來源",
            "reported": "多方報導",
            "unverified": "未經證實",
            "not-taobao": "非淘寶",
            "defunct": "已停止服務",
        },
        "status_help": {
            "official": "公司或政府自己的頁面，或法律條文",
            "reported": "兩個以上獨立、可信的二手來源一致",
            "unverified": "只有一個來源，或只見於 SEO 文章",
            "not-taobao": "常被當成淘寶的，其實屬於別人",
            "defunct": "已關閉或停止服務",
        },
        "hours": {"24h": "24 小時", "office": "上班時間", "unknown": "未知", "disputed": "來源不一", "n/a": "—"},
        "region": {"cn": "中國大陸", "tw": "台灣", "hk": "香港", "mo": "澳門", "intl": "境外"},
        "group": {
            "customer-service": "淘寶及阿里集團客服",
            "seller": "賣家與商家",
            "claims": "網傳但不可信的號碼與地址",
            "complaint": "消費申訴",
            "anti-fraud": "防詐諮詢與檢舉",
            "police": "報案",
        },
        "col": {
            "channel": "管道",
            "status": "狀態",
            "use": "用途與說明",
            "hours": "時間",
            "sources": "來源",
            "number": "號碼",
            "owner": "是誰的",
            "claim": "網傳說法",
            "fact": "實際情況",
            "problem": "問題",
            "go": "先找",
            "advice": "怎麼做",
            "more": "詳細",
            "source": "來源",
            "date": "日期",
            "cited": "用於",
            "region": "地區",
            "value": "號碼或地址",
        },
        "how": "怎麼用：",
        "note": "注意：",
        "checked": "資料來源讀取於",
        "undated": "未註明日期",
        "no_phone": "沒有可以確認的淘寶客服電話。網路上流傳的號碼見下方「網傳的錯誤號碼」。",
        "no_value": "無號碼",
        "see": "查看說明",
        "warn_prefix": "不要撥打",
    },
}

REGIONS = ("cn", "tw", "hk", "mo", "intl")
ICON_DIR = Path(__import__("material").__file__).parent / "templates" / ".icons"
CHANNELS_PAGE = "contact/"  # the all-channels table; every value links to its row there


@cache
def icon(name: str) -> str:
    svg = (ICON_DIR / f"{name}.svg").read_text(encoding="utf-8").strip()
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def esc(text: str | None) -> str:
    """Data text as HTML text or attribute value (markupsafe; quotes escaped too)."""
    return str(escape(text or ""))


# --- links ------------------------------------------------------------------------------------


class Page:
    """Where a piece of output is shown: its language and its URL, for relative links."""

    def __init__(self, lang: str, url: str):
        self.lang, self.url = lang, url

    def link(self, target: str) -> str:
        """Relative link from this page to a site path of the same language ('contact/')."""
        return self.root_link(lang_prefix(self.lang) + target)

    def root_link(self, target: str) -> str:
        rel = posixpath.relpath("/" + target, "/" + self.url)
        if rel == ".":
            return "./"
        return rel + ("/" if target.endswith("/") else "")


def tel_uri(ch: Channel) -> str:
    number = phone_number(ch.value, ch.regions[0])
    return (
        "tel:" + phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        if phonenumbers.is_valid_number(number)
        else "tel:" + re.sub(r"\D", "", ch.value)
    )


def display_value(ch: Channel) -> str:
    if ch.kind == "web":
        return re.sub(r"^https?://", "", ch.value).rstrip("/")
    return ch.value or ""


def status_badge(ch: Channel, page: Page, linked: bool = True) -> str:
    t = T[page.lang]
    label = t["status"][ch.status]
    inner = f"{icon(STATUS_ICON[ch.status])}<span>{esc(label)}</span>"
    cls = f"kb-status kb-status--{ch.status}"
    title = esc(t["status_help"][ch.status])
    if linked:
        return f'<a class="{cls}" href="{page.link(CHANNELS_PAGE)}#ch-{ch.id}" title="{title}">{inner}</a>'
    return f'<span class="{cls}" title="{title}">{inner}</span>'


def value_html(ch: Channel, page: Page) -> str:
    """The value as a reader should meet it: a link only when it is safe to follow."""
    if not ch.value:
        return f'<span class="kb-ch">{esc(ch.text(page.lang).name)}</span>'
    shown = esc(display_value(ch))
    safe = ch.status in CALLABLE
    if ch.kind == "phone" and safe:
        return f'<a class="kb-ch kb-ch--phone" href="{tel_uri(ch)}">{shown}</a>'
    if ch.kind == "web" and safe:
        return f'<a class="kb-ch kb-ch--web" href="{esc(ch.value)}" rel="nofollow noopener">{shown}</a>'
    if ch.kind == "email" and safe:
        return f'<a class="kb-ch kb-ch--email" href="mailto:{esc(ch.value)}">{shown}</a>'
    return f'<span class="kb-ch kb-ch--{"ok" if safe else "warn"}">{shown}</span>'


def inline(ch: Channel, page: Page) -> str:
    """[[ch:ID]]: the value with its status, always side by side."""
    return f'<span class="kb-inline">{value_html(ch, page)} {status_badge(ch, page)}</span>'


def inline_name(ch: Channel, page: Page) -> str:
    return f'<a class="kb-name" href="{page.link(CHANNELS_PAGE)}#ch-{ch.id}">{esc(ch.text(page.lang).name)}</a>'


SHORTCODE = re.compile(r"\[\[ch:([a-z]+(?:-[a-z]+)*)(?::(name))?\]\]")


class Slots:
    """HTML rendered from the data, kept away from the Markdown processor.

    The page's Markdown gets a token (letters and digits only, which Markdown leaves alone); after
    Markdown, ``fill`` puts the HTML back. Data text therefore never becomes Markdown: a channel
    name ``[x](javascript:…)`` stays text."""

    def __init__(self) -> None:
        self.html: dict[str, str] = {}

    def put(self, html: str) -> str:
        token = f"kbslot{len(self.html):05d}q"
        self.html[token] = html
        return token

    def fill(self, html: str) -> str:
        if not self.html:
            return html
        html = re.sub(r"<p>(kbslot\d{5}q)</p>", lambda m: self.html.get(m.group(1), m.group(0)), html)
        return re.sub(r"kbslot\d{5}q", lambda m: self.html.get(m.group(0), m.group(0)), html)


def expand_shortcodes(markdown: str, data: DataFile, page: Page, where: str, slots: Slots | None = None) -> str:
    """Replace [[ch:ID]] / [[ch:ID:name]]; an unknown id is an error naming the page and line."""
    known = {ch.id: ch for ch in data.channels}

    def repl(match: re.Match) -> str:
        ch = known.get(match.group(1))
        if ch is None:
            line = markdown.count("\n", 0, match.start()) + 1
            raise KeyError(f"{where}:{line}: [[ch:{match.group(1)}]] names no entry in data/channels.yml")
        out = inline_name(ch, page) if match.group(2) else inline(ch, page)
        return slots.put(out) if slots is not None else out

    return SHORTCODE.sub(repl, markdown)


# --- tables ----------------------------------------------------------------------------------


def _table(columns: list[str], rows: list[tuple[str, list[str]]], cls: str = "") -> str:
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in columns)
    body = []
    for row_id, cells in rows:
        tds = "".join(f'<td data-label="{esc(c)}">{cell}</td>' for c, cell in zip(columns, cells))
        body.append(f'<tr id="{row_id}">{tds}</tr>' if row_id else f"<tr>{tds}</tr>")
    return f'<div class="kb-table-wrap"><table class="kb-table {cls}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'


def _sources_html(ch: Channel, page: Page) -> str:
    t = T[page.lang]
    items = []
    for s in ch.sources:
        date = t["undated"] if s.date == "undated" else s.date.isoformat()
        items.append(f'<li><a href="{esc(s.url)}" rel="nofollow noopener">{esc(s.title.get(page.lang))}</a>（{date}）</li>')
    return f'<ul class="kb-sources">{"".join(items)}</ul><span class="kb-checked">{t["checked"]} {ch.sources_read.isoformat()}</span>'


def _use_html(ch: Channel, page: Page) -> str:
    t, text = T[page.lang], ch.text(page.lang)
    parts = [f"<p>{esc(text.summary)}</p>"]
    if text.how:
        parts.append(f"<p><strong>{t['how']}</strong>{esc(text.how)}</p>")
    if text.notes:
        parts.append(f"<p><strong>{t['note']}</strong>{esc(text.notes)}</p>")
    return "".join(parts)


def _hours_html(ch: Channel, page: Page) -> str:
    t, note = T[page.lang], ch.text(page.lang).hours_note
    return esc(t["hours"][ch.hours]) + (f'<br><span class="kb-small">{esc(note)}</span>' if note else "")


def _channel_cell(ch: Channel, page: Page) -> str:
    name = esc(ch.text(page.lang).name)
    return f"<strong>{name}</strong>" + (f"<br>{value_html(ch, page)}" if ch.value else "")


def group_of(ch: Channel) -> str:
    if ch.zh_Hans.claim:
        return "claims"
    return ch.purpose


def table_channels(data: DataFile, page: Page) -> str:
    t = T[page.lang]
    cols = [t["col"][k] for k in ("channel", "status", "use", "hours", "sources")]
    out = []
    for group in ("customer-service", "seller", "claims", "complaint", "anti-fraud", "police"):
        members = [ch for ch in data.channels if group_of(ch) == group]
        if not members:
            continue
        out.append(f"### {t['group'][group]} {{ #channels-{group} }}\n")
        rows = [
            (
                f"ch-{ch.id}",
                [
                    _channel_cell(ch, page),
                    status_badge(ch, page, linked=False),
                    _use_html(ch, page),
                    _hours_html(ch, page),
                    _sources_html(ch, page),
                ],
            )
            for ch in members
        ]
        out.append(_table(cols, rows, "kb-table--channels") + "\n")
    return "\n".join(out)


def table_phones(data: DataFile, page: Page) -> str:
    t = T[page.lang]
    cols = [t["col"][k] for k in ("number", "owner", "status", "hours", "sources")]
    out = []
    for region in REGIONS:
        members = [
            ch
            for ch in data.channels
            if ch.kind == "phone"
            and region in ch.regions
            and ch.purpose in ("customer-service", "seller")
            and not ch.zh_Hans.claim
        ]
        if region == "intl" and not members:
            continue
        out.append(f"### {t['region'][region]} {{ #phones-{region} }}\n")
        if not members:
            out.append(f'<p class="kb-empty">{esc(t["no_phone"])}</p>\n')
            continue
        rows = [
            (
                None,
                [
                    value_html(ch, page),
                    _use_html(ch, page).replace("<p>", f"<p><strong>{esc(ch.text(page.lang).name)}</strong>：", 1),
                    status_badge(ch, page),
                    _hours_html(ch, page),
                    _sources_html(ch, page),
                ],
            )
            for ch in members
        ]
        out.append(_table(cols, rows, "kb-table--phones") + "\n")
    return "\n".join(out)


def table_wrong_numbers(data: DataFile, page: Page) -> str:
    t = T[page.lang]
    cols = [t["col"][k] for k in ("value", "claim", "fact", "sources")]
    rows = []
    for ch in data.channels:
        text = ch.text(page.lang)
        if not text.claim:
            continue
        value = value_html(ch, page) if ch.value else f'<span class="kb-ch">{esc(text.name)}</span>'
        fact = f"{status_badge(ch, page)}<p><strong>{esc(text.name)}</strong>：{esc(text.summary)}</p>" + (
            f"<p>{esc(text.notes)}</p>" if text.notes else ""
        )
        rows.append((None, [value, esc(text.claim), fact, _sources_html(ch, page)]))
    return _table(cols, rows, "kb-table--wrong") + "\n"


def table_choose(data: DataFile, page: Page) -> str:
    t = T[page.lang]
    cols = [t["col"][k] for k in ("problem", "go", "advice")]
    rows = []
    for rec in data.recommendations:
        text = rec.text(page.lang)
        chans = "".join(
            f"<li>{inline_name(ch, page)}" + (f"：{inline(ch, page)}" if ch.value else "") + "</li>"
            for ch in (data.channel(i) for i in rec.channels)
        )
        more = f' <a href="{esc(page.link(rec.page))}">{esc(t["see"])}</a>' if rec.page else ""
        rows.append(
            (
                f"choose-{rec.id}",
                [f"<strong>{esc(text.problem)}</strong>", f'<ul class="kb-list">{chans}</ul>', esc(text.advice) + more],
            )
        )
    return _table(cols, rows, "kb-table--choose") + "\n"


def _by_region(data: DataFile, page: Page, purposes: tuple[str, ...], anchor: str) -> str:
    t = T[page.lang]
    cols = [t["col"][k] for k in ("channel", "status", "use", "hours")]
    out = []
    for region in ("cn", "tw", "hk", "mo"):
        members = [ch for ch in data.channels if ch.purpose in purposes and region in ch.regions and not ch.zh_Hans.claim]
        if not members:
            continue
        out.append(f"### {t['region'][region]} {{ #{anchor}-{region} }}\n")
        rows = [
            (None, [_channel_cell(ch, page), status_badge(ch, page), _use_html(ch, page), _hours_html(ch, page)])
            for ch in members
        ]
        out.append(_table(cols, rows, "kb-table--region") + "\n")
    return "\n".join(out)


def table_emergency(data: DataFile, page: Page) -> str:
    return _by_region(data, page, ("police", "anti-fraud"), "emergency")


def table_complaints(data: DataFile, page: Page) -> str:
    return _by_region(data, page, ("complaint",), "complaints")


def table_sources(data: DataFile, page: Page) -> str:
    t = T[page.lang]
    cited: dict[str, dict] = {}
    for ch in data.channels:
        for s in ch.sources:
            entry = cited.setdefault(s.url, {"source": s, "channels": []})
            if ch not in entry["channels"]:
                entry["channels"].append(ch)
    counts = {status: sum(ch.status == status for ch in data.channels) for status in STATUS_ICON}
    legend_rows = [
        (None, [status_badge_for(status, page), esc(t["status_help"][status]), str(counts[status])]) for status in STATUS_ICON
    ]
    legend = _table([t["col"]["status"], t["col"]["use"], "#"], legend_rows, "kb-table--legend")
    rows = []
    for url, entry in sorted(cited.items(), key=lambda kv: kv[0]):
        s = entry["source"]
        date = t["undated"] if s.date == "undated" else s.date.isoformat()
        used = "".join(f"<li>{inline_name(ch, page)} {status_badge(ch, page)}</li>" for ch in entry["channels"])
        rows.append(
            (
                None,
                [
                    f'<a href="{esc(url)}" rel="nofollow noopener">{esc(s.title.get(page.lang))}</a>',
                    date,
                    f'<ul class="kb-list">{used}</ul>',
                ],
            )
        )
    return legend + "\n\n" + _table([t["col"]["source"], t["col"]["date"], t["col"]["cited"]], rows, "kb-table--sources") + "\n"


def status_badge_for(status: str, page: Page) -> str:
    label = T[page.lang]["status"][status]
    return f'<span class="kb-status kb-status--{status}">{icon(STATUS_ICON[status])}<span>{esc(label)}</span></span>'


TABLES = {
    "channels": table_channels,
    "phones": table_phones,
    "wrong-numbers": table_wrong_numbers,
    "choose": table_choose,
    "emergency": table_emergency,
    "complaints": table_complaints,
    "sources": table_sources,
}

MARKER = re.compile(r"^<!-- generated:([a-z-]+) -->[ \t]*$", re.M)


def _slotted(rendered: str, slots: Slots) -> str:
    """Headings stay Markdown (constant labels, for the table of contents); HTML goes into slots."""
    out: list[str] = []
    html: list[str] = []
    for line in rendered.split("\n"):
        if line.startswith("### "):
            if html:
                out.append(slots.put("\n".join(html)))
                html = []
            out.append(line)
        elif line.strip():
            html.append(line)
    if html:
        out.append(slots.put("\n".join(html)))
    return "\n\n".join(out)


def expand_markers(
    markdown: str, data: DataFile, page: Page, where: str, extra: dict | None = None, slots: Slots | None = None
) -> str:
    renderers = dict(TABLES, **(extra or {}))

    def repl(match: re.Match) -> str:
        name = match.group(1)
        if name not in renderers:
            line = markdown.count("\n", 0, match.start()) + 1
            raise KeyError(f"{where}:{line}: <!-- generated:{name} --> is not a known table ({', '.join(sorted(renderers))})")
        rendered = renderers[name](data, page)
        return "\n" + (_slotted(rendered, slots) if slots is not None else rendered) + "\n"

    return MARKER.sub(repl, markdown)


# --- export ----------------------------------------------------------------------------------


def export_json(data: DataFile) -> str:
    """Every entry the site publishes, for the number checker. Same bytes for both languages."""
    entries = []
    for ch in data.channels:
        entries.append(
            {
                "id": ch.id,
                "kind": ch.kind,
                "value": ch.value,
                "status": ch.status,
                "purpose": ch.purpose,
                "regions": ch.regions,
                "keys": phone_keys(ch.value, ch.regions[0]) if ch.kind == "phone" else [],
                "key": phone_key(ch) if ch.kind == "phone" else None,
                "sources_read": ch.sources_read.isoformat(),
                "sources": [{"url": s.url, "title": s.title.model_dump(by_alias=True), "date": str(s.date)} for s in ch.sources],
                "text": {lang: ch.text(lang).model_dump(exclude_none=True) for lang in ("zh-Hans", "zh-Hant")},
            }
        )
    return json.dumps({"version": 1, "channels": entries}, ensure_ascii=False, separators=(",", ":"), sort_keys=True) + "\n"
