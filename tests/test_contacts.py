"""The contact guard (scripts/check_contacts.py): every disguise is caught, every look-alike is left
alone, messages name the file, the line and the fix, and the site's own pages pass."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kb.checks import contacts as guard
from kb.data import channels
from kb.site import ROOT

NOT_IN_DATA = "is not in data/channels.yml (add it there, with a source)"


def messages(text: str, kind: str = "markdown") -> list[str]:
    return [f.message for f in guard.check_text(text, "docs/zh-Hans/x.md", kind)]


def one(text: str, kind: str = "markdown") -> str:
    found = messages(text, kind)
    assert len(found) == 1, f"expected one finding in {text!r}, got {found}"
    return found[0]


# --- disguises: (case id, text, the value as it must be reported, channel id or None) -------------

DISGUISES = [
    ("plain", "拨打 9510211 联系客服", "9510211", "taobao-hotline"),
    ("full-width-digits", "客服电话：４００－８６０－８６０８", "４００－８６０－８６０８", "tmall-hotline"),
    ("ideographic-space", "拨打８８００　７７７７", "８８００　７７７７", "mo-anti-fraud"),
    ("spaces", "热线 951 0211", "951 0211", "taobao-hotline"),
    ("dashes", "热线 951-0211", "951-0211", "taobao-hotline"),
    ("en-dash", "热线 951–0211", "951–0211", "taobao-hotline"),
    ("figure-dash", "热线 951‒0211", "951‒0211", "taobao-hotline"),
    ("dots", "客服：400.800.1688", "400.800.1688", "alibaba-hotline"),
    ("middle-dot", "客服 951·0211", "951·0211", "taobao-hotline"),
    ("brackets", "请致电 (0571) 8815-8198", "(0571) 8815-8198", "taobao-legacy-line"),
    ("full-width-brackets", "（852）3018 3610", "（852）3018 3610", "hk-seo-number"),
    ("plus-86", "拨打 +86 571 8815 8198", "+86 571 8815 8198", "taobao-legacy-line"),
    ("plus-852", "致电 +852 3018 3610", "+852 3018 3610", "hk-seo-number"),
    ("plus-886", "電話 +886 2 7706 3088", "+886 2 7706 3088", "tw-seo-number"),
    ("plus-853", "電話 +853 8800 7777", "+853 8800 7777", "mo-anti-fraud"),
    ("00-prefix", "电话 0086 571 8815 8198", "0086 571 8815 8198", "taobao-legacy-line"),
    ("trunk-zero", "座机 057188158198", "057188158198", "taobao-legacy-line"),
    ("zero-width-space", "热线 95\u200b10\u200b211", "95\\u200b10\\u200b211", "taobao-hotline"),
    ("zero-width-joiner", "热线 9510\u200d211", "9510\\u200d211", "taobao-hotline"),
    ("word-joiner", "热线 9510\u2060211", "9510\\u2060211", "taobao-hotline"),
    ("bom", "热线 951\ufeff0211", "951\\ufeff0211", "taobao-hotline"),
    ("soft-hyphen", "热线 951\u00ad0211", "951\\u00ad0211", "taobao-hotline"),
    ("mongolian-vowel-separator", "热线 951\u180e0211", "951\\u180e0211", "taobao-hotline"),
    ("bidi-override", "热线 \u202e1120159\u202c", "\\u202e1120159\\u202c", "taobao-hotline"),
    ("bold-inside", "请拨 9**51**0211", "9**51**0211", "taobao-hotline"),
    ("underscores-inside", "请拨 95_10_211", "95_10_211", "taobao-hotline"),
    ("strike-inside", "请拨 951~~0~~211", "951~~0~~211", "taobao-hotline"),
    ("code-inside", "请拨 951`0`211", "951`0`211", "taobao-hotline"),
    ("html-tags-inside", "热线 <b>951</b><i>0211</i>", "951</b><i>0211", "taobao-hotline"),
    ("html-comment-inside", "热线 95<!-- x -->10211", "95<!-- x -->10211", "taobao-hotline"),
    ("html-entities", "电话 &#57;&#53;&#49;&#48;&#50;&#49;&#49;", "&#57;&#53;&#49;&#48;&#50;&#49;&#49;", "taobao-hotline"),
    (
        "hex-entities",
        "电话 &#x39;&#x35;&#x31;&#x30;&#x32;&#x31;&#x31;",
        "&#x39;&#x35;&#x31;&#x30;&#x32;&#x31;&#x31;",
        "taobao-hotline",
    ),
    ("line-break", "客服 9510\n211", "9510\\n211", "taobao-hotline"),
    ("chinese-numerals", "电话：九五一〇二一一", "九五一〇二一一", "taobao-hotline"),
    ("financial-numerals", "电话：玖伍壹零贰壹壹", "玖伍壹零贰壹壹", "taobao-hotline"),
    ("arabic-indic-digits", "电话：٩٥١٠٢١١", "٩٥١٠٢١١", "taobao-hotline"),
    ("circled-digits", "⑨⑤①⓪②①①", "⑨⑤①⓪②①①", "taobao-hotline"),
    ("math-bold-digits", "热线 𝟗𝟓𝟏𝟎𝟐𝟏𝟏", "𝟗𝟓𝟏𝟎𝟐𝟏𝟏", "taobao-hotline"),
    ("superscript-digits", "热线 ⁹⁵¹⁰²¹¹", "⁹⁵¹⁰²¹¹", "taobao-hotline"),
    ("dingbat-digits", "热线 ❾❺❶⓿❷❶❶", "❾❺❶⓿❷❶❶", "taobao-hotline"),
    ("mixed-numerals", "热线 95一〇211", "95一〇211", "taobao-hotline"),
    ("many-spaces", "热线 951      0211", "951      0211", "taobao-hotline"),
    ("nbsp-entity", "热线 951&nbsp;0211", "951&nbsp;0211", "taobao-hotline"),
    ("zero-width-entity", "热线 951&#8203;0211", "951&#8203;0211", "taobao-hotline"),
    ("line-break-tag", "热线 951<br>0211", "951<br>0211", "taobao-hotline"),
    ("letters-for-digits", "客服 95l02l1", "95l02l1", "taobao-hotline"),
    ("letter-o-for-zero", "客服 951O211", "951O211", "taobao-hotline"),
    (
        "keycaps",
        "9️⃣5️⃣1️⃣0️⃣2️⃣1️⃣1️⃣",
        "9\\ufe0f\\u20e35\\ufe0f\\u20e31\\ufe0f\\u20e30\\ufe0f\\u20e32\\ufe0f\\u20e31\\ufe0f\\u20e31\\ufe0f\\u20e3",
        "taobao-hotline",
    ),
    ("tel-link", "[打电话](tel:+86-571-88158198)", "tel:+86-571-88158198", "taobao-legacy-line"),
    ("tel-link-percent", "[打电话](tel:%39510211)", "tel:%39510211", "taobao-hotline"),
    ("tel-html", '<a href="tel:4001234567">客服</a>', "tel:4001234567", None),
    ("tel-reference-link", "[客服][1]\n\n[1]: tel:9510211", "tel:9510211", "taobao-hotline"),
    ("sms-link", "[发短信](sms:95188)", "sms:95188", "alipay-hotline"),
    ("full-width-colon-tel", "tel：9510211", "9510211", "taobao-hotline"),
    ("table", "| 渠道 | 号码 |\n| --- | --- |\n| 客服 | 400.800.1688 |", "400.800.1688", "alibaba-hotline"),
    ("admonition", '!!! note "客服"\n    打 021-6123 4567', "021-6123 4567", None),
    ("front-matter", "---\ndescription: 客服电话 13812345678\n---\n\n# x", "13812345678", None),
    ("code-span", "`9510211`", "9510211", "taobao-hotline"),
    ("code-block", '```yaml\nvalue: "9510211"\n```', "9510211", "taobao-hotline"),
    ("html-title", '<span title="拨打 4008887868">x</span>', "4008887868", "seo-hotline"),
    ("html-alt", '<img src="a.png" alt="客服 9510211">', "9510211", "taobao-hotline"),
    ("html-data-attribute", '<div data-number="9510211"></div>', "9510211", "taobao-hotline"),
    ("link-text", "[9510211](../contact/phone.md)", "9510211", "taobao-hotline"),
    ("image-alt", "![客服 9510211](qr.png)", "9510211", "taobao-hotline"),
    ("link-title", '[客服](../contact/phone.md "拨打 9510211")', "9510211", "taobao-hotline"),
    ("footnote", "见注释[^1]。\n\n[^1]: 拨打 9510211", "9510211", "taobao-hotline"),
    ("abbreviation", "客服\n\n*[客服]: 热线 9510211", "9510211", "taobao-hotline"),
    ("new-mobile", "新号码 +86 138 1234 5678", "+86 138 1234 5678", None),
    ("new-landline", "联系 0086 21 6888 8888", "0086 21 6888 8888", None),
    ("new-400", "客服 400-123-4567", "400-123-4567", None),
    ("new-hk", "熱線 3456 7890", "3456 7890", None),
    ("new-tw-mobile", "手機 0912-345-678", "0912-345-678", None),
    ("new-service-number", "工商银行 95588", "95588", None),
    ("new-short-with-context", "拨打 12345 政务热线", "12345", None),
    ("short-110", "拨打 110 报警", "110", "cn-police"),
    ("short-999", "打 999", "999", "hk-emergency"),
    ("short-165", "請撥打 165 查證", "165", "tw-anti-fraud"),
    ("short-1950", "电话 1950", "1950", "tw-consumer-hotline"),
    ("short-12315-hotline", "12315 热线", "12315", "cn-consumer-complaint"),
    ("short-18222-call", "call 18222", "18222", "hk-anti-scam"),
    ("service-number-alone", "屏幕上显示 95188", "95188", "alipay-hotline"),
    ("service-number-96110", "接到 96110 来电一定要接", "96110", "cn-anti-fraud-warning"),
    ("qq-number", "加 QQ 123456789 领取退款", "123456789", None),
]


@pytest.mark.parametrize("text,value,channel", [c[1:] for c in DISGUISES], ids=[c[0] for c in DISGUISES])
def test_every_disguise_is_caught(text, value, channel):
    found = one(text)
    if channel is None:
        assert found == f"{value} {NOT_IN_DATA}"
    else:
        assert found.startswith(f"{value} is ") and f"[[ch:{channel}]]" in found, found


EMAILS = [
    ("plain", "发邮件到 kefu@tb-service.cn", "kefu@tb-service.cn", None),
    ("data-value", "写信给 tiantian@taobao.com", "tiantian@taobao.com", "tiantian-email"),
    ("full-width-at", "写信给 kefu＠taobao．com", "kefu＠taobao．com", None),
    ("at-dot-words", "kefu (at) taobao (dot) com", "kefu (at) taobao (dot) com", None),
    ("bracket-at", "kefu[at]taobao[dot]com", "kefu[at]taobao[dot]com", None),
    ("hash-for-at", "邮箱：kefu#taobao.com", "kefu#taobao.com", None),
    ("chinese-dot", "kefu (at) taobao 点 com", "kefu (at) taobao 点 com", None),
    ("emphasis-inside", "tiantian@**taobao**.com", "tiantian@**taobao**.com", "tiantian-email"),
    ("zero-width-inside", "tian\u200btian@taobao.com", "tian\\u200btian@taobao.com", "tiantian-email"),
    ("mailto", '<a href="mailto:help@alipay.com">x</a>', "mailto:help@alipay.com", None),
    ("mailto-data", "[写信](mailto:tiantian@taobao.com)", "mailto:tiantian@taobao.com", "tiantian-email"),
    ("in-sources-section", "## 来源 { #sources }\n\n- 作者 kefu@news.example.cn", "kefu@news.example.cn", None),
]


@pytest.mark.parametrize("text,value,channel", [c[1:] for c in EMAILS], ids=[c[0] for c in EMAILS])
def test_every_email_is_a_contact(text, value, channel):
    found = one(text)
    if channel is None:
        assert found == f"{value} {NOT_IN_DATA}"
    else:
        assert found.startswith(f"{value} is {channel} in data/channels.yml: write [[ch:{channel}]] instead"), found


URLS = [
    (
        "data-value",
        "打开 https://consumerservice.taobao.com/online-help 登录",
        "https://consumerservice.taobao.com/online-help",
        "taobao-online-help",
    ),
    (
        "data-value-trailing-slash",
        "打开 https://consumerservice.taobao.com/online-help/ 登录",
        "https://consumerservice.taobao.com/online-help/",
        "taobao-online-help",
    ),
    ("bare-data-host", "访问 www.12315.cn 投诉", "www.12315.cn", "cn-consumer-complaint-web"),
    ("bare-gov-host", "见 165.npa.gov.tw", "165.npa.gov.tw", "tw-anti-fraud-web"),
    ("brand-subdomain", "[淘宝规则](https://rule.taobao.com/detail-123.htm)", "https://rule.taobao.com/detail-123.htm", None),
    ("brand-look-alike", "在线客服：https://taobao-kefu.cn/chat", "https://taobao-kefu.cn/chat", None),
    ("digit-look-alike", "访问 ta0bao-kefu.com 退款", "ta0bao-kefu.com", None),
    ("brand-as-subdomain", "https://taobao.com.refund-center.cn/a", "https://taobao.com.refund-center.cn/a", None),
    ("userinfo-trick", "https://www.taobao.com@evil.cn/refund", "https://www.taobao.com@evil.cn/refund", None),
    ("homograph", "https://tаobao.com/x", "https://tаobao.com/x", None),
    ("autolink", "<https://taobao-kefu.cn>", "https://taobao-kefu.cn", None),
    ("zero-width-in-url", "https://taobao\u200b-kefu.cn/chat", "https://taobao\\u200b-kefu.cn/chat", None),
    ("whatsapp", "加 WhatsApp：https://wa.me/85261234567", "https://wa.me/85261234567", None),
    ("html-href", '<a href="https://alipay-help.net/x">客服</a>', "https://alipay-help.net/x", None),
    ("complaint-host", "[投诉](https://www.consumer.org.hk/tc/complaint)", "https://www.consumer.org.hk/tc/complaint", None),
]


@pytest.mark.parametrize("text,value,channel", [c[1:] for c in URLS], ids=[c[0] for c in URLS])
def test_contact_addresses_are_caught(text, value, channel):
    found = one(text)
    if channel is None:
        assert found == f"{value} {NOT_IN_DATA}"
    else:
        assert found.startswith(f"{value} is {channel} in data/channels.yml: write [[ch:{channel}]] instead"), found


# --- look-alikes that are not contacts ---------------------------------------------------------------

BENIGN = [
    ("iso-date", "2026-11-23 更新"),
    ("chinese-date", "2020年12月31日停止营运"),
    ("compact-date", "20191119 发布"),
    ("year-month", "2025-06 的通报；2025 年 4 月"),
    ("times", "服务时间 9:00–21:00，7×24 小时；9：00 至 21：00"),
    ("prices", "价格 ¥500，RMB 720，HK$440,000，13 元，NT$1,200，HK$1.57 亿"),
    ("percent", "退款率 50%，满意度 98.5％"),
    ("law", "《消费者权益保护法》第 25 条；法释〔2022〕8号；第 14、36 条"),
    ("years", "2019 年起；2024 年"),
    ("year-ranges", "2003–2017 的页面；2014–2018 年；2024-2026"),
    ("counts", "2024 年共 1,071 宗，468 宗；共 110 宗，165 人受骗，999 元；约 3800 万人，逾 12000 宗"),
    ("year-1950", "1950 年成立"),
    ("order-number-labelled", "订单号 2024112312345678；订单号：123456789012"),
    ("tracking-number", "快递单号 SF1234567890123；物流单号 773012345678901"),
    ("long-digits", "交易记录 2024112322001234567890"),
    ("verification-code", "打开淘宝 App，输入验证码 123456"),
    ("last-digits", "尾号 5678 的银行卡"),
    ("staff-number", "客服工号 12345"),
    ("heading-id", "## 标题 { #faq-2024 }\n\n{ #q-110 }"),
    ("issue-numbers", "见 issue #435 和 #579"),
    ("versions", "版本 1.4.2，v2.3.10，Python 3.11，Material 9.8.1，mkdocs 1.6.1"),
    ("css-attributes", '<span class="kb-status" style="width: 12345678px">x</span>'),
    ("svg", '<svg viewBox="0 0 24 24"><path d="M12 2C6.48 2 2 6.48 2 12s4.48 10 10 10 10-4.48 10-10S17.52 2 12 2z"/></svg>'),
    ("promotions", "88VIP、618、双11、5G、ISO 8601、UTF-8"),
    ("discounts", "打 8 折，打 88 折"),
    ("prefixes", "号码以“+”、“0067”或“+400”开头；显示“+886”或以“+”开头的来电是警讯；以“+853”开头的手机号码"),
    ("name-with-number", "阿里巴巴／1688 的號碼；全国 12315 平台；找 12315 投诉"),
    ("list-markers", "1. 第一步\n2. 第二步\n10. 第十步"),
    ("ranges", "24–48 小时；3–5 个工作日"),
    ("counts-with-call-word", "电话诈骗案 468 宗，损失 1.57 亿；电话诈骗 2024 年起增加"),
    ("shortcodes", "[[ch:taobao-hotline]] 和 [[ch:alipay-hotline:name]]"),
    ("generated-marker", "<!-- generated:phones -->"),
    ("citation-url", "见[来源](https://github.com/metowolf/vCards/issues/435)，2024-11-16"),
    ("government-citation", "[ADCC](https://www.adcc.gov.hk/en-hk/alerts-detail/alerts-1744648913976389634.html)，2024-01-09"),
    (
        "data-source-url-outside-sources",
        "[AlipayHK FAQ](https://www.alipayhk.com/en/faq-shoppers/making-payment-bill-paymet/taobao)",
    ),
    ("contact-host-in-sources", "## 来源 { #sources }\n\n- [淘宝规则](https://rule.taobao.com/detail-123.htm)，2024"),
    ("contact-host-in-hant-sources", "## 來源 { #sources }\n\n- [淘寶規則](https://rule.taobao.com/detail-123.htm)"),
    ("example-email", "例如 someone@example.com"),
    ("handle", "微博 @淘宝网"),
    ("own-site", "本站 https://taobao-kefu-guide.github.io/safety/"),
    ("file-names", "见 scripts/kb.py 和 mkdocs.yml、index.md"),
    ("decimal", "评分 4.8 分"),
    ("country-code-alone", "显示 +886 來電"),
    ("standards", "GB/T 35273-2020；ISO 27001"),
    ("icp-licence", "浙ICP备12345678号"),
]


@pytest.mark.parametrize("text", [c[1] for c in BENIGN], ids=[c[0] for c in BENIGN])
def test_look_alikes_are_not_contacts(text):
    assert messages(text) == []


def test_a_contact_url_outside_the_sources_section_is_a_finding():
    text = "# x\n\n## 正文 { #body }\n\n[规则](https://rule.taobao.com/a)\n\n## 来源 { #sources }\n\n- [规则](https://rule.taobao.com/a)\n"
    found = guard.check_text(text, "docs/zh-Hans/x.md")
    assert [(f.line, f.message) for f in found] == [(5, f"https://rule.taobao.com/a {NOT_IN_DATA}")]


def test_a_section_after_the_sources_section_is_checked_again():
    text = "## 来源 { #sources }\n\n- [a](https://rule.taobao.com/a)\n\n## 附录 { #more }\n\n[b](https://rule.taobao.com/b)\n"
    assert [f.line for f in guard.check_text(text, "x.md")] == [7]


# --- every value of the data file, typed raw, is sent to its shortcode -----------------------------

DATA = channels.load()
VALUES = [ch for ch in DATA.channels if ch.value and ch.kind in ("phone", "email", "web")]


@pytest.mark.parametrize("ch", VALUES, ids=[ch.id for ch in VALUES])
def test_each_data_value_typed_raw_points_to_its_shortcode(ch):
    prefix = "请拨打 " if ch.kind == "phone" else "见 "
    found = one(f"{prefix}{ch.value} 。")
    assert f"[[ch:{ch.id}]]" in found and found.startswith(f"{ch.value} is "), found


# --- messages, lines, files ------------------------------------------------------------------------


def test_the_message_names_file_line_and_the_value_as_written():
    text = "---\ndescription: 说明\n---\n\n# 标题\n\n正文一行。\n客服热线：400\u200b-123-4567。\n"
    (finding,) = guard.check_text(text, "docs/zh-Hans/faq/x.md")
    assert str(finding) == f"docs/zh-Hans/faq/x.md:8: 400\\u200b-123-4567 {NOT_IN_DATA}"


def test_a_data_number_in_a_template_is_a_finding():
    found = one('<p>{{ "客服 9510211" }}</p>', kind="html")
    assert found.startswith("9510211 is taobao-hotline in data/channels.yml") and "[[ch:taobao-hotline]]" in found


def test_styles_and_scripts_are_checked_in_their_strings_only(tmp_path):
    css = tmp_path / "x.css"
    css.write_text('a::after { content: "客服 9510211"; padding: 0 12345678px; }\n', encoding="utf-8")
    js = tmp_path / "x.js"
    js.write_text('const width = 12345678;\nconst label = "拨打 95188";\n', encoding="utf-8")
    found = guard.check_files([css, js], tmp_path)
    assert [(f.path, f.line) for f in found] == [("x.css", 1), ("x.js", 2)]


def test_findings_are_sorted_and_deterministic(tmp_path):
    (tmp_path / "b.md").write_text("拨打 400-123-4567\n\n客服 400-765-4321\n", encoding="utf-8")
    (tmp_path / "a.md").write_text("\n\n客服 0571-8765 4321\n", encoding="utf-8")
    paths = [tmp_path / "b.md", tmp_path / "a.md"]
    first = [str(f) for f in guard.check_files(paths, tmp_path)]
    assert first == [str(f) for f in guard.check_files(list(reversed(paths)), tmp_path)]
    assert [s.split(":")[0:2] for s in first] == [["a.md", "3"], ["b.md", "1"], ["b.md", "3"]]


def test_the_default_run_covers_docs_and_overrides():
    files = {p.relative_to(ROOT).parts[0] for p in guard.default_files()}
    assert files == {"docs", "overrides"}


def test_the_cli_exits_1_and_prints_one_line_per_finding(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("# 页\n\n客服热线 400-123-4567，或打 9510211。\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_contacts.py"), str(page)], capture_output=True, text=True
    )
    assert result.returncode == 1
    lines = result.stdout.strip().split("\n")
    assert lines == [
        f"{page}:3: 400-123-4567 {NOT_IN_DATA}",
        f"{page}:3: 9510211 is taobao-hotline in data/channels.yml: write [[ch:taobao-hotline]] instead",
    ]


def test_the_site_pages_pass(site):
    """No false alarm on the site's own pages and on the built site (the CLI on the session's build;
    without --site it builds into a temporary folder first and runs the same check)."""
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "check_contacts.py"), "--site", str(site)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert guard.check_files(guard.default_files()) == []


def test_kb_check_contacts_is_the_same_guard(tmp_path):
    page = tmp_path / "p.md"
    page.write_text("打 999\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "kb.py"), "check-contacts", str(page)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert ":1: 999 is hk-emergency in data/channels.yml: write [[ch:hk-emergency]] instead" in result.stdout
