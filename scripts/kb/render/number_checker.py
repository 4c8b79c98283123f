"""The number checker on /safety/verify/: "is this number on our list, and what does that prove?"

``render(data, page)`` returns the HTML that replaces ``<!-- generated:number-checker -->``:

- a form (``label`` + ``input#number-check-input`` + a button), hidden until the script runs;
- a plain explanation that is shown without JavaScript (or when the script fails to load);
- the live region ``div#number-check-result[role=status][data-status]`` that the script fills;
- the UI strings for the script, as JSON, in the reader's language;
- ``<script src=".../assets/javascripts/number-check.js" defer>``.

The script (docs/assets/javascripts/number-check.js) reads the JSON export
(tables.export_json, published at assets/data/channels.json) and looks the typed number up in
each entry's ``keys``. It runs in the page only: no server, nothing from another host.

No contact value is typed here: every number the widget shows comes from data/channels.yml.
"""

from __future__ import annotations

import json

from kb.data.channels import DataFile
from kb.render.tables import CHANNELS_PAGE, EXPORT_PATH, STATUS_ICON, Page, T, esc, inline, status_badge_for

SCRIPT_PATH = "assets/javascripts/number-check.js"

# Where to verify or report, by region, when a number is not on the list (ids in data/channels.yml).
REPORT_CHANNELS = (
    ("cn", ("cn-anti-fraud-warning", "cn-spam-report", "cn-police")),
    ("tw", ("tw-anti-fraud", "tw-police")),
    ("hk", ("hk-anti-scam", "hk-emergency")),
    ("mo", ("mo-anti-fraud", "mo-police")),
)

# When one number belongs to entries with different statuses, data-status is the most cautious.
CAUTION_ORDER = ("not-taobao", "unverified", "defunct", "reported", "official")

S = {
    "zh-Hans": {
        "label": "要查的号码",
        "hint": "输入或粘贴来电显示、短信里的号码，按回车查询。空格、横线、括号、全角数字、+86 / 00 开头都可以。",
        "button": "查询",
        "nojs": (
            '这个查询工具需要浏览器开启 JavaScript。没有它也可以自己查：在<a href="{phones}">电话客服</a>'
            '和<a href="{channels}">全部联系渠道</a>里按号码找。'
        ),
        "loading": "正在读取号码列表……",
        "load_error": '号码列表没有读取成功。请刷新页面再试；也可以在<a href="{phones}">电话客服</a>页按号码查找。',
        "found_one": "号码 {number} 在本站列表中：{names}。",
        "found_many": "号码 {number} 在本站列表中，对应 {count} 个渠道：{names}。",
        "unknown": "本站没有号码 {number} 的记录。",
        "name_status": "{name}，状态：{status}",
        "claim": "网传说法：",
        "notes": "注意：",
        "proves": "这说明什么：",
        "sources": "来源",
        "checked": "资料来源读取于",
        "undated": "未注明日期",
        "meaning": {
            "official": "本站在公司或政府自己的页面上找到了这个号码。",
            "reported": "多个独立的二手来源都说这是上面这个渠道的号码，但本站没有在官方页面上见到。",
            "unverified": "只有一个来源，或者只见于 SEO 文章，本站无法确认它属于谁。不要拨打，也不要相信用它打来的人。",
            "not-taobao": "这个号码常被说成是淘宝的，其实属于别人（见上面的说明）。有事找淘宝，请从淘宝 App 里联系客服。",
            "defunct": "这个渠道已经关闭或停止服务，不会再有真的客服用它联系你。",
        },
        "purpose": {
            "police": "骗子也常冒充警察。对方要你转账、把钱转进“安全账户”或保密，就是诈骗；要核实，挂断后自己拨打这个号码。",
            "anti-fraud": "骗子也会冒充反诈中心。要核实，挂断后自己拨打这个号码，不要回拨来电。",
        },
        "warning": (
            "<strong>号码在列表里，也不能证明来电是真的：来电显示可以伪造。</strong>"
            "凡是要你转账付款、报验证码、共享屏幕，或把钱转进“安全账户”的电话，不管号码是什么，都是诈骗。"
            "请挂断，再从淘宝 App 里自己联系客服。"
        ),
        "unknown_help": (
            "没有记录不代表安全，也不代表一定是骗子：本站只收录有来源的号码。"
            "主动打来、自称淘宝或支付宝客服的陌生来电，请当作可疑：挂断，再从淘宝 App 里自己联系客服。"
            "先看看号码有没有输错、输全。"
        ),
        "verify": '怎样自己核实，见<a href="#steps">四步核实</a>。想咨询或举报：',
        "scammed": '已经转了钱、报了验证码？见<a href="{if_scammed}">被骗后怎么办</a>。',
    },
    "zh-Hant": {
        "label": "要查的號碼",
        "hint": "輸入或貼上來電顯示、簡訊裡的號碼，按 Enter 查詢。空格、橫線、括號、全形數字、+886 / 00 開頭都可以。",
        "button": "查詢",
        "nojs": (
            '這個查詢工具需要瀏覽器開啟 JavaScript。沒有它也可以自己查：在<a href="{phones}">電話客服</a>'
            '和<a href="{channels}">所有聯絡管道</a>裡依號碼尋找。'
        ),
        "loading": "正在讀取號碼清單……",
        "load_error": '號碼清單沒有讀取成功。請重新整理頁面再試；也可以在<a href="{phones}">電話客服</a>頁依號碼尋找。',
        "found_one": "號碼 {number} 在本站清單中：{names}。",
        "found_many": "號碼 {number} 在本站清單中，對應 {count} 個管道：{names}。",
        "unknown": "本站沒有號碼 {number} 的紀錄。",
        "name_status": "{name}，狀態：{status}",
        "claim": "網傳說法：",
        "notes": "注意：",
        "proves": "這代表什麼：",
        "sources": "來源",
        "checked": "資料來源讀取於",
        "undated": "未註明日期",
        "meaning": {
            "official": "本站在公司或政府自己的頁面上找到了這個號碼。",
            "reported": "多個獨立的二手來源都說這是上面這個管道的號碼，但本站沒有在官方頁面上看到。",
            "unverified": "只有一個來源，或只見於 SEO 文章，本站無法確認它屬於誰。不要撥打，也不要相信用它打來的人。",
            "not-taobao": "這個號碼常被說成是淘寶的，其實屬於別人（見上面的說明）。有事找淘寶，請從淘寶 App 裡聯絡客服。",
            "defunct": "這個管道已經關閉或停止服務，不會再有真的客服用它聯絡你。",
        },
        "purpose": {
            "police": "詐騙者也常假冒警察。對方要你轉帳、把錢轉進「安全帳戶」或要你保密，就是詐騙；要查證，掛斷後自己撥打這個號碼。",
            "anti-fraud": "詐騙者也會假冒反詐騙單位。要查證，掛斷後自己撥打這個號碼，不要回撥來電。",
        },
        "warning": (
            "<strong>號碼在清單裡，也不能證明來電是真的：來電顯示可以偽造。</strong>"
            "凡是要你轉帳付款、唸驗證碼、分享螢幕，或把錢轉進「安全帳戶」的電話，不管號碼是什麼，都是詐騙。"
            "請掛斷，再從淘寶 App 裡自己聯絡客服。"
        ),
        "unknown_help": (
            "沒有紀錄不代表安全，也不代表一定是詐騙：本站只收錄有來源的號碼。"
            "主動打來、自稱淘寶或支付寶客服的陌生來電，請當作可疑：掛斷，再從淘寶 App 裡自己聯絡客服。"
            "先確認號碼有沒有輸入錯誤、是否完整。"
        ),
        "verify": '怎樣自己查證，見<a href="#steps">四步查證</a>。想諮詢或檢舉：',
        "scammed": '已經轉了錢、唸了驗證碼？見<a href="{if_scammed}">被騙了怎麼辦</a>。',
    },
}


def _name_with_value(ch, page: Page, region: str = "") -> str:
    """The channel's name with its value and status; the value in place when the name holds it.
    Under a region's heading, the name drops its own "（region）" suffix."""
    name, value = ch.text(page.lang).name, esc(ch.value)
    name = esc(name.removesuffix(f"（{T[page.lang]['region'][region]}）") if region else name)
    if value and value in name:
        return name.replace(value, inline(ch, page), 1)
    return f"{name} {inline(ch, page)}"


def report_list(data: DataFile, page: Page) -> str:
    """Where to verify or report, by region; every value comes from the data file."""
    t = T[page.lang]
    known = {ch.id: ch for ch in data.channels}
    items = []
    for region, ids in REPORT_CHANNELS:
        parts = [_name_with_value(known[i], page, region) for i in ids if i in known]
        if parts:
            items.append(f"<li><strong>{esc(t['region'][region])}</strong>：{'；'.join(parts)}</li>")
    return f'<ul class="kb-checker__report">{"".join(items)}</ul>'


def strings(data: DataFile, page: Page) -> dict:
    """Everything the script says, in the page's language (HTML where it holds links)."""
    s, t = S[page.lang], T[page.lang]
    links = {
        "phones": page.link("contact/phone/"),
        "channels": page.link(CHANNELS_PAGE),
        "if_scammed": page.link("safety/if-scammed/"),
    }
    return {
        "lang": page.lang,
        "status": t["status"],
        "badge": {status: status_badge_for(status, page) for status in STATUS_ICON},
        "caution": list(CAUTION_ORDER),
        "channelsHref": page.link(CHANNELS_PAGE),
        "loading": s["loading"],
        "loadError": s["load_error"].format(**links),
        "foundOne": s["found_one"],
        "foundMany": s["found_many"],
        "unknown": s["unknown"],
        "nameStatus": s["name_status"],
        "claim": s["claim"],
        "notes": s["notes"],
        "proves": s["proves"],
        "sources": s["sources"],
        "checked": s["checked"],
        "undated": s["undated"],
        "meaning": s["meaning"],
        "purpose": s["purpose"],
        "warning": s["warning"],
        "unknownHelp": s["unknown_help"],
        "verifyHtml": s["verify"],
        "reportHtml": report_list(data, page),
        "scammedHtml": s["scammed"].format(**links),
    }


def _json_for_script(value) -> str:
    """JSON that is safe inside <script>: no '<', '>' or '&' left to end the element early."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render(data: DataFile, page: Page) -> str:
    s = S[page.lang]
    links = {"phones": page.link("contact/phone/"), "channels": page.link(CHANNELS_PAGE)}
    src = page.root_link(EXPORT_PATH)
    script = page.root_link(SCRIPT_PATH)
    # One HTML block with no blank line inside, so that Markdown passes it through untouched.
    return "\n".join(
        [
            f'<div class="kb-checker" id="number-check" data-src="{esc(src)}">',
            '<form class="kb-checker__form" id="number-check-form" role="search" hidden>',
            f'<label class="kb-checker__label" for="number-check-input">{esc(s["label"])}</label>',
            '<div class="kb-checker__row">',
            '<input class="kb-checker__input" id="number-check-input" name="number" type="text" inputmode="tel"'
            ' autocomplete="off" autocorrect="off" autocapitalize="off" spellcheck="false" enterkeyhint="search"'
            ' aria-describedby="number-check-hint">',
            f'<button class="kb-checker__button" type="submit">{esc(s["button"])}</button>',
            "</div>",
            f'<p class="kb-checker__hint" id="number-check-hint">{esc(s["hint"])}</p>',
            "</form>",
            '<div class="kb-checker__fallback" id="number-check-fallback">',
            f"<p>{s['nojs'].format(**links)}</p>",
            f'<p class="kb-checker__warning">{S[page.lang]["warning"]}</p>',
            f"<p>{s['verify']}</p>{report_list(data, page)}",
            "</div>",
            '<div class="kb-checker__result" id="number-check-result" role="status" aria-live="polite" data-status=""></div>',
            f'<script type="application/json" id="number-check-strings">{_json_for_script(strings(data, page))}</script>',
            f'<script src="{esc(script)}" defer></script>',
            "</div>",
        ]
    )
