"""The printable anti-fraud card and the contacts file (.vcf), both generated from the data file.

- ``<!-- generated:fraud-card -->``: each region's police and anti-fraud numbers whose status
  allows a call (official / reported), compact enough for one printed A5 page.
- ``<!-- generated:contacts-file -->``: the download link of the contacts file and two lists: the
  numbers it holds (``official`` phone numbers only) and every other phone number of the data file
  that it leaves out, with the reason (its status).
- ``vcard(data, lang)``: the contacts file itself (vCard 3.0, one card per official number, the
  name in the page's language), written by the hook to CONTACTS_PATH in each language.
"""

from __future__ import annotations

import phonenumbers
from markupsafe import escape

from kb.data.channels import CALLABLE, Channel, DataFile, phone_number
from kb.render.tables import Page, T, display_value, status_badge, value_html

CONTACTS_PATH = "assets/data/official-numbers.vcf"  # per language: /… and /zh-Hant/…
REGIONS = ("cn", "tw", "hk", "mo")
LEAD_REGION = {"zh-Hans": "cn", "zh-Hant": "tw"}

S = {
    "zh-Hans": {
        "download": "下载联系人文件（.vcf）",
        "download_note": "共 {n} 个号码。手机导入后，这些号码来电时会显示名称。",
        "included": "文件里有的号码（状态均为“官方来源”）",
        "excluded": "没有放进文件的号码",
        "why": {
            "reported": "没有官方页面可以确认",
            "unverified": "来源不足，未能确认",
            "not-taobao": "不是淘宝的号码",
            "defunct": "已经不再使用",
        },
        "none": "（无）",
        "org": "淘宝客服指南整理的官方号码",
    },
    "zh-Hant": {
        "download": "下載聯絡人檔案（.vcf）",
        "download_note": "共 {n} 個號碼。手機匯入後，這些號碼來電時會顯示名稱。",
        "included": "檔案裡有的號碼（狀態都是「官方來源」）",
        "excluded": "沒有放進檔案的號碼",
        "why": {
            "reported": "沒有官方頁面可以確認",
            "unverified": "來源不足，無法確認",
            "not-taobao": "不是淘寶的號碼",
            "defunct": "已經不再使用",
        },
        "none": "（無）",
        "org": "淘寶客服指南整理的官方號碼",
    },
}


def _phones(data: DataFile) -> list[Channel]:
    return [ch for ch in data.channels if ch.kind == "phone" and ch.value]


def _regions_first(lang: str) -> list[str]:
    lead = LEAD_REGION[lang]
    return [lead] + [r for r in REGIONS if r != lead]


def fraud_card(data: DataFile, page: Page) -> str:
    """Police and anti-fraud numbers per region, the reader's region first; callable ones only."""
    t = T[page.lang]
    blocks = []
    for region in _regions_first(page.lang):
        members = [
            ch
            for ch in _phones(data)
            if ch.purpose in ("police", "anti-fraud") and ch.regions[0] == region and ch.status in CALLABLE
        ]
        if not members:
            continue
        items = "".join(
            f"<li>{value_html(ch, page)} {escape(_name_without_value(ch, page))} {status_badge(ch, page)}</li>" for ch in members
        )
        blocks.append(f'<div class="kb-card__region"><h3>{escape(t["region"][region])}</h3><ul>{items}</ul></div>')
    return f'<div class="kb-card__numbers">{"".join(blocks)}</div>\n'


def _name_without_value(ch: Channel, page: Page) -> str:
    """The entry's name, without the number when the name starts with it ("165 反詐騙諮詢專線")."""
    name = ch.text(page.lang).name
    shown = display_value(ch)
    return name[len(shown) :].lstrip() if name.startswith(shown) else name


def official_numbers(data: DataFile) -> list[Channel]:
    return [ch for ch in _phones(data) if ch.status == "official"]


def contacts_file(data: DataFile, page: Page) -> str:
    s = S[page.lang]
    order = {region: i for i, region in enumerate(_regions_first(page.lang))}  # the reader's region first
    included = sorted(official_numbers(data), key=lambda ch: order.get(ch.regions[0], len(order)))
    left_out = [ch for ch in _phones(data) if ch.status != "official"]
    href = escape(page.link(CONTACTS_PATH).rstrip("/"))
    inc = (
        "".join(f"<li>{value_html(ch, page)} {escape(_name_without_value(ch, page))}</li>" for ch in included)
        or f"<li>{s['none']}</li>"
    )
    exc = "".join(
        f"<li>{value_html(ch, page)} {escape(_name_without_value(ch, page))} {status_badge(ch, page)}：{escape(s['why'][ch.status])}</li>"
        for ch in left_out
    )
    return (
        f'<p><a class="md-button md-button--primary" href="{href}" download>{escape(s["download"])}</a> '
        f"{escape(s['download_note'].format(n=len(included)))}</p>\n"
        f'<h3 id="contacts-included">{escape(s["included"])}</h3><ul class="kb-list">{inc}</ul>\n'
        f'<h3 id="contacts-left-out">{escape(s["excluded"])}</h3><ul class="kb-list">{exc}</ul>\n'
    )


def _vcard_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def vcard(data: DataFile, lang: str) -> str:
    """vCard 3.0 text (CRLF line ends, as RFC 2426 asks) for every official phone number."""
    cards = []
    for ch in official_numbers(data):
        number = phone_number(ch.value, ch.regions[0])
        tel = (
            phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if phonenumbers.is_valid_number(number)
            else "".join(c for c in ch.value if c.isdigit())
        )
        name = _vcard_escape(ch.text(lang).name)
        cards += [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"FN:{name}",
            f"N:{name};;;;",
            f"ORG:{_vcard_escape(S[lang]['org'])}",
            f"TEL;TYPE=VOICE:{tel}",
            f"NOTE:{_vcard_escape(ch.text(lang).summary)}",
            "END:VCARD",
        ]
    return "\r\n".join(cards) + "\r\n"
