"""The adversarial corpus of the contact guard (issue 12): plantings of every class in every place,
and benign look-alikes. Every planting must be caught, every look-alike must pass.

Most plantings are fed to the output checker as built files (the same code path as after a build:
kb.checks.output.check_output on a site directory); the ones in test_a_real_build_catches_* go
through a real `mkdocs build` of a copy of the project.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from kb.checks import output
from kb.data import channels
from kb.site import ROOT

FIXTURE_DATA = {
    "channels": [
        {
            "id": "taobao-hotline",
            "kind": "phone",
            "value": "9510211",
            "status": "official",
            "purpose": "customer-service",
            "regions": ["cn"],
            "hours": "n/a",
            "sources_read": "2026-01-01",
            "sources": [
                {"url": "https://rule.taobao.com/hotline.htm", "title": {"zh-Hans": "规则", "zh-Hant": "規則"}, "date": "undated"}
            ],
            "zh-Hans": {"name": "淘宝热线", "summary": "说明"},
            "zh-Hant": {"name": "淘寶熱線", "summary": "說明"},
        },
        {
            "id": "alibaba-wholesale",
            "kind": "phone",
            "value": "400 800 1688",
            "status": "not-taobao",
            "purpose": "customer-service",
            "regions": ["cn"],
            "hours": "n/a",
            "sources_read": "2026-01-01",
            "sources": [
                {"url": "https://news.example-a.cn/1688.html", "title": {"zh-Hans": "报道", "zh-Hant": "報導"}, "date": "undated"}
            ],
            "zh-Hans": {"name": "阿里巴巴批发热线", "summary": "阿里巴巴批发"},
            "zh-Hant": {"name": "阿里巴巴批發熱線", "summary": "阿里巴巴批發"},
        },
        {
            "id": "tiantian-mail",
            "kind": "email",
            "value": "tiantian@taobao.com",
            "status": "unverified",
            "purpose": "customer-service",
            "regions": ["cn"],
            "hours": "n/a",
            "sources_read": "2026-01-01",
            "sources": [
                {"url": "https://blog.example-c.cn/t.html", "title": {"zh-Hans": "博客", "zh-Hant": "部落格"}, "date": "undated"}
            ],
            "zh-Hans": {"name": "天天特卖邮箱", "summary": "说明"},
            "zh-Hant": {"name": "天天特賣信箱", "summary": "說明"},
        },
        {
            "id": "taobao-weibo",
            "kind": "social",
            "value": "@淘宝网",
            "status": "unverified",
            "purpose": "customer-service",
            "regions": ["cn"],
            "hours": "n/a",
            "sources_read": "2026-01-01",
            "sources": [
                {"url": "https://seo.example-d.cn/w.html", "title": {"zh-Hans": "文章", "zh-Hant": "文章"}, "date": "undated"}
            ],
            "zh-Hans": {"name": "淘宝微博", "summary": "说明"},
            "zh-Hant": {"name": "淘寶微博", "summary": "說明"},
        },
    ],
    "references": [
        {
            "id": "news",
            "url": "https://news.example-e.cn/scam.html",
            "title": {"zh-Hans": "新闻", "zh-Hant": "新聞"},
            "date": "undated",
        },
    ],
}

PAGE = "faq/refund/index.html"
QR_PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("guard-project")
    (root / "data").mkdir()
    (root / "data" / "channels.yml").write_text(
        yaml.safe_dump(FIXTURE_DATA, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    shutil.copy(ROOT / "data" / "allowlist.yml", root / "data" / "allowlist.yml")
    (root / "docs" / "zh-Hans" / "faq").mkdir(parents=True)
    (root / "docs" / "zh-Hans" / "faq" / "refund.md").write_text("# 退款\n", encoding="utf-8")
    (root / "docs" / "assets" / "javascripts").mkdir(parents=True)
    (root / "docs" / "assets" / "javascripts" / "tool.js").write_text("// project script\n", encoding="utf-8")
    (root / "docs" / "assets" / "site.css").write_text("/* project style */\n", encoding="utf-8")
    channels.load(root / "data" / "channels.yml")  # the fixture itself is valid
    return root


def findings(project: Path, tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    site = tmp_path / "site"
    for rel, content in files.items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return [str(f) for f in output.check_output(site, project, site_url="https://taobao-kefu-guide.github.io/")]


def page(body: str, head: str = "") -> str:
    return f'<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">{head}</head><body><main><article>{body}</article></main></body></html>'


# (id, where it goes: a site file, its content). Every one must produce at least one finding.
P = []


def plant(name: str, body: str, file: str = PAGE, head: str = "") -> None:
    P.append((name, file, page(body, head) if file.endswith(".html") else body))


# --- phone numbers in page text, however they are written -------------------------------------------
plant("plain", "<p>客服电话 400-123-4567</p>")
plant("mobile", "<p>找我 13812345678</p>")
plant("chinese-numerals", "<p>请拨打四零零一二三四五六七</p>")
plant("ling-circle", "<p>热线 九五一〇二一二</p>")
plant("white-circle", "<p>热线 四○○八八八一二三四</p>")
plant("spoken-yao-liang-guai-dong", "<p>拨 幺三八 幺两三四 拐洞洞洞</p>")
plant("financial-numerals", "<p>电话 肆零零捌捌捌壹贰叁肆</p>")
plant("full-width", "<p>电话 ４００－１２３－４５６７</p>")
plant("comma-separators", "<p>电话 400，123，4567</p>")
plant("dunhao-separators", "<p>电话 400、123、4567</p>")
plant("slash-separators", "<p>电话 400/123/4567</p>")
plant("letter-o-and-l", "<p>电话 4OO-l23-4567</p>")
plant("one-digit-change-of-data", "<p>热线 9510217</p>")
plant("hidden-span", '<p>电话 40<span style="display:none">0</span>1234567</p>')
plant("ruby", "<p>电话 <ruby>400<rt></rt>1234567</ruby></p>")
plant("bdo", '<p>电话 <bdo dir="rtl">7654321004</bdo></p>')
plant("comment-split", "<p>电话 400<!-- x -->1234567</p>")
plant("img-split", '<p>电话 400<img src="a.png" alt="">1234567</p>')
plant("br-split", "<p>电话 400<br>1234567</p>")
plant("newline-split", "<p>电话 400\n1234567</p>")  # a line break in the markup is a space on screen
plant("newline-split-attribute", '<p title="电话 400\n1234567">见说明</p>')
plant("noncharacter-split", "<p>电话 400\ufdd01234567</p>")
plant("markup-split", "<p>电话 <b>400</b><i>123</i>4567</p>")
plant("char-refs-no-semicolon", "<p>电话 &#52&#48&#48 123 4567</p>")
plant("hex-char-refs", "<p>电话 &#x34;&#x30;&#x30;1234567</p>")
plant("zero-width", "<p>电话 4\u200b0\u200b0\u200b1234567</p>")
plant("rtl-override", "<p>电话 \u202e7654321004</p>")
plant("plus-country-code", "<p>香港 +852 2345 6789</p>")
plant("double-zero-prefix", "<p>香港 00852 2345 6789</p>")
plant("short-hotline-in-context", "<p>请拨打 12345 热线</p>")
plant("three-digits-in-context", "<p>着火了请拨 119</p>")
plant("mixed-numerals", "<p>热线 4零零8零零1234</p>")
plant("whatsapp-number", "<p>WhatsApp: +852 9123 4567</p>")
plant("dotted", "<p>客服 400.800.1234</p>")
plant("dot-between-every-digit", "<p>客服 4.0.0.8.0.0.1.2.3.4</p>")
plant("comma-groups-of-three", "<p>客服 400,800,123</p>")
plant("followed-by-a-unit-word", "<p>拨打 4008001234 人工客服</p>")
plant("glued-to-tel", "<p>Tel4008001</p>")
plant("as-a-price", "<p>¥4008001234</p>")
plant("as-an-article-number", "<p>第4008001234号</p>")
# --- handles and group numbers --------------------------------------------------------------------
plant("qq-group", "<p>加 QQ群：123456789 退款</p>")
plant("qq-number", "<p>扣扣 12345678</p>")
plant("wechat-id", "<p>微信号：taobao_kefu01</p>")
plant("vx", "<p>vx: tbkf8888</p>")
plant("telegram-handle", "<p>Telegram @tb_refund_help</p>")
plant("line-id", "<p>line id: tbkf2024</p>")
plant("weibo-lookalike-handle", "<p>关注 @淘宝网客服中心</p>")
# --- e-mail ------------------------------------------------------------------------------------
plant("email", "<p>kefu@tb-help.cn</p>")
plant("email-fullwidth-at", "<p>kefu＠tb-help.cn</p>")
plant("email-aite", "<p>kefu艾特tb-help点cn</p>")
plant("email-spaces", "<p>写信到 kefu @ tb-help.cn</p>")
plant("email-cjk-domain", "<p>kefu@淘宝客服.中国</p>")
plant("email-at-dot", "<p>kefu(at)tb-help(dot)cn</p>")
plant("email-hash-for-at", "<p>kefu#tb-help.cn</p>")
plant("cyrillic-lookalike-host", "<p>访问 tаobao.com 退款</p>")
plant("data-attribute-shown-by-css", '<p><span class="x" data-tel="4001234567"></span></p>')
plant("javascript-with-a-tab", '<p><a href="java&#9;script:alert(1)">点我</a></p>')
plant("meta-refresh", "", head='<meta http-equiv="refresh" content="0;url=https://evil.example-x.cn/">')
plant("email-official-domain-not-in-data", "<p>tiantian2@taobao.com</p>")
plant("mailto", '<p><a href="mailto:kefu@tb-help.cn">写信</a></p>')
# --- links and hosts -----------------------------------------------------------------------------
plant("tel-link", '<p><a href="tel:4001234567">客服</a></p>')
plant("tel-slashes", '<p><a href="tel://4001234567">客服</a></p>')
plant("tel-percent-encoded", '<p><a href="tel:%34%30%301234567">客服</a></p>')
plant("tel-to-not-callable-data", '<p><a href="tel:+864008001688">客服</a></p>')
plant("sms-link", '<p><a href="sms:4001234567">短信</a></p>')
plant("weixin-scheme", '<p><a href="weixin://dl/chat?tbkf">微信</a></p>')
plant("tg-scheme", '<p><a href="tg://resolve?domain=tbkf">TG</a></p>')
plant("whatsapp-scheme", '<p><a href="whatsapp://send?phone=8613812345678">WA</a></p>')
plant("intent-scheme", '<p><a href="intent://scan/#Intent;scheme=zxing;end">扫码</a></p>')
plant("javascript-link", '<p><a href="javascript:alert(1)">点我</a></p>')
plant("data-uri-link", '<p><a href="data:text/html,hi">点我</a></p>')
plant("protocol-relative-link", '<p><a href="//t.me/tbkf">群</a></p>')
plant("protocol-relative-img", '<p><img src="//evil.example-x.cn/qr.png" alt=""></p>')
plant("external-link", '<p><a href="https://tb-kefu.cn/">退款</a></p>')
plant("lookalike-host-text", "<p>访问 tianmao-kefu.com 退款</p>")
plant("host-glued-to-cjk", "<p>访问tbkefu.cn退款</p>")
plant("www-host", "<p>www.tb-kefu.cn</p>")
plant("short-link-tcn", "<p>t.cn/A6xyzAb</p>")
plant("short-link-dwz", '<p><a href="https://dwz.cn/abc">短链</a></p>')
plant("telegram-link", "<p>t.me/tbrefund</p>")
plant("wa-me", "<p>wa.me/8613812345678</p>")
plant("defanged-brackets", "<p>taobao[.]help</p>")
plant("defanged-parens", "<p>tb-refund(.)com</p>")
plant("hxxps", "<p>hxxps://tb-refund.com/a</p>")
plant("userinfo-host", '<p><a href="https://www.taobao.com@evil.example-x.cn/">淘宝</a></p>')
plant("punycode-host", '<p><a href="https://xn--taobao-9ua.com/">淘宝</a></p>')
plant("form-action", '<form action="https://tb-refund.cn/submit"><button>提交</button></form>')
plant("srcset", '<p><img src="a.png" srcset="https://evil.example-x.cn/qr.png 1x" alt=""></p>')
plant("iframe", '<iframe src="https://evil.example-x.cn/"></iframe>')
plant("link-tag", "", head='<link rel="prefetch" href="https://evil.example-x.cn/x">')
plant(
    "sources-section-link",
    '<h2 id="sources">来源</h2><ul><li><a href="https://taobao-refund.help/">退款中心</a>，2024-01-01</li></ul>',
)
plant("sources-section-host", '<h2 id="sources">來源</h2><ul><li>tb-refund.help 的文章</li></ul>')
# --- attributes a browser shows ------------------------------------------------------------------
plant("title-attr", '<p><span title="客服 400-123-4567">说明</span></p>')
plant("abbr-title", '<p><abbr title="加微信 tbkf_2024">客服</abbr></p>')
plant("alt-attr", '<p><img src="a.png" alt="客服 4001234567"></p>')
plant("aria-label", '<p><a aria-label="拨打 4001234567" href="#x">x</a></p>')
plant("meta-content", "", head='<meta name="description" content="客服 4001234567">')
plant("placeholder", '<p><input placeholder="输入 4001234567"></p>')
plant("value-attr", '<p><input value="4001234567"></p>')
# --- inline CSS and JavaScript -------------------------------------------------------------------
plant("css-content-escape", "<style>.x::after{content:'\\34 00 123 4567'}</style><p>x</p>")
plant("style-attr-content", "<p style=\"--t:'\\34 001234567'\">x</p>")
plant("css-url", '<div style="background:url(https://evil.example-x.cn/qr.png)">x</div>')
plant("js-string", "<script>var k = '4001234567';</script>")
plant("js-unicode-escape", "<script>var k = '\\u0034\\u0030\\u00301234567';</script>")
plant("js-hex-escape", "<script>var k = '\\x34\\x30\\x301234567';</script>")
plant("js-code-point-escape", "<script>var k = '\\u{34}\\u{30}\\u{30}1234567';</script>")
plant("js-atob", "<script>document.write(atob('NDAwMTIzNDU2Nw=='))</script>")
plant("js-onclick", "<p><a onclick=\"location='tel:4001234567'\">x</a></p>")
plant("json-ld", '<script type="application/ld+json">{"@context":"https://schema.org","telephone":"+86-400-123-4567"}</script>')
plant("noscript", "<noscript>客服 4001234567</noscript>")
plant("template", "<template><p>客服 4001234567</p></template>")
# --- other files of the site ---------------------------------------------------------------------
P.append(
    (
        "sitemap",
        "sitemap.xml",
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://evil.example-x.cn/</loc></url></urlset>',
    )
)
P.append(
    (
        "feed",
        "feed_rss.xml",
        "<rss><channel><item><title>退款</title><description>客服 4001234567</description></item></channel></rss>",
    )
)
P.append(
    (
        "feed-link",
        "feed_atom.xml",
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><link href="https://tb-kefu.cn/"/></entry></feed>',
    )
)
P.append(("search-index", "search/search_index.json", '{"docs":[{"location":"faq/","title":"退款","text":"客服 4001234567"}]}'))
P.append(
    (
        "search-index-html",
        "search/search_index.json",
        '{"docs":[{"location":"faq/","title":"t","text":"<p>加微信号：tbkf_2024</p>"}]}',
    )
)
P.append(("json-export", "assets/data/channels.json", '{"channels":[{"id":"x","value":"400-123-4567"}]}'))
P.append(("project-js", "assets/javascripts/tool.js", 'var label = "\\u0034\\u0030\\u0030 123 4567";\n'))
P.append(("project-css", "assets/site.css", '.kb-footer::after { content: "\\34 00 123 4567"; }\n'))
P.append(("svg-text", "assets/badge.svg", '<svg xmlns="http://www.w3.org/2000/svg"><text>客服 4001234567</text></svg>'))
P.append(("robots", "robots.txt", "Sitemap: https://evil.example-x.cn/sitemap.xml\n"))
P.append(
    (
        "pagefind-fragment",
        "pagefind/fragment/zh-Hans_1.pf_fragment",
        gzip.compress(b'pagefind_dcd{"content":"\\u5ba2\\u670d 4001234567"}'),
    )
)


@pytest.mark.parametrize("name,file,content", P, ids=[p[0] for p in P])
def test_every_planting_is_caught(project, tmp_path, name, file, content):
    found = findings(project, tmp_path, {file: content})
    assert found, f"{name}: nothing found in {file}"


def test_the_corpus_covers_every_class(project):
    assert len(P) + len(BUILD_PLANTINGS) + len(DATA_PLANTINGS) + 2 >= 100


def test_a_binary_under_docs_must_be_listed(project, tmp_path):
    qr = project / "docs" / "assets" / "qr.png"
    qr.write_bytes(QR_PNG)
    try:
        found = findings(project, tmp_path, {PAGE: page("<p>x</p>")})
        assert any("docs/assets/qr.png" in f and "not listed" in f for f in found), found
    finally:
        qr.unlink()


def test_a_listed_binary_that_changed_fails(project, tmp_path):
    qr = project / "docs" / "assets" / "qr.png"
    qr.write_bytes(QR_PNG + b"changed")
    allow = project / "data" / "allowlist.yml"
    original = allow.read_text(encoding="utf-8")
    allow.write_text(
        original.replace("binaries: {}", f"binaries:\n  docs/assets/qr.png: {hashlib.sha256(QR_PNG).hexdigest()}"),
        encoding="utf-8",
    )
    from kb.data import allowlist

    allowlist.load.cache_clear()
    try:
        found = findings(project, tmp_path, {PAGE: page("<p>x</p>")})
        assert any("docs/assets/qr.png" in f and "changed since it was listed" in f for f in found), found
        qr.write_bytes(QR_PNG)
        assert findings(project, tmp_path, {PAGE: page("<p>x</p>")}) == []
    finally:
        qr.unlink()
        allow.write_text(original, encoding="utf-8")
        allowlist.load.cache_clear()


# --- benign look-alikes: never a finding --------------------------------------------------------------
BENIGN = [
    "资料来源读取于 2026-11-22",
    "<pre>2025\n2026</pre>",  # lines of a code block stay lines
    "淘宝台湾 2020 年 12 月 31 日停止运营",
    "2020/12/31 起",
    "公告日期 20201231",
    "12 月 31 日",
    "人工客服 9:00–21:00",
    "7×24 小时在线",
    "退款 ¥500",
    "损失 HK$440,000",
    "运费 13 元",
    "RMB 720",
    "约 15% 的人",
    "共 1,071 宗",
    "468 宗案件",
    "依据第 24 条",
    "法释〔2022〕8号",
    "订单号 123456789012345678",
    "MkDocs 1.6.1 和 pydantic v2.14.3",
    "ISBN 978-7-111-12345-6",
    "身高 170 cm，体重 60 公斤",
    "货号 A12345 的商品",
    "© 2003–2017 页面副本",
    "2019、2020、2021 年都有报道",
    "见 issue #435",
    "评分 3.5",
    "号码以“+”、“0067”或“+400”开头",
    "阿里巴巴（1688 批发平台）",
    "步骤 1、2、3",
    "3-5 个工作日",
    "2026-01-01 至 2026-12-31",
    "7 天无理由退货",
    "退款 100 元，2 小时内到账",
    "第 2 期活动",
    "前 3 名",
    "共 12 页",
    "访问 world.taobao.com",
    "规则见 rule.taobao.com",
    "编辑 README.md 和 mkdocs.yml",
    "本机预览 http://127.0.0.1:8000",
    "示例 https://example.org/notice",
    "淘宝热线 9510211",
    "天天特卖 tiantian@taobao.com",
    "关注 @淘宝网",
    '<a href="https://rule.taobao.com/detail.htm">规则</a>',
    '<a href="https://news.example-e.cn/scam.html">新闻</a>',
    '<a href="https://news.example-a.cn/1688.html">报道</a>',
    '<a href="tel:9510211">9510211</a>',
    '<a href="../contact/#ch-taobao-hotline">热线</a>',
    '<a href="https://github.com/taobao-kefu-guide/taobao-kefu-guide.github.io/issues/new">报告</a>',
    '<script type="application/ld+json">{"@context":"https://schema.org","@type":"FAQPage"}</script>',
]


@pytest.mark.parametrize("text", BENIGN, ids=[f"benign-{i}" for i in range(len(BENIGN))])
def test_benign_look_alikes_pass(project, tmp_path, text):
    body = text if text.startswith("<") else f"<p>{text}</p>"
    assert findings(project, tmp_path, {PAGE: page(body)}) == []


def test_a_finding_names_source_file_line_value_and_fix(project, tmp_path):
    (project / "docs" / "zh-Hans" / "faq" / "refund.md").write_text("# 退款\n\n正文\n\n客服 400-123-4567\n", encoding="utf-8")
    try:
        found = findings(project, tmp_path, {PAGE: page("<p>客服 400-123-4567</p>")})
    finally:
        (project / "docs" / "zh-Hans" / "faq" / "refund.md").write_text("# 退款\n", encoding="utf-8")
    assert len(found) == 1
    assert found[0].startswith("docs/zh-Hans/faq/refund.md:5: phone '400-123-4567'"), found
    assert "faq/refund/index.html" in found[0] and "[[ch:ID]]" in found[0]


# --- data file plantings: refused by the data model (the build's first step) ---------------------------
DATA_PLANTINGS = [
    ("name", "退款专线 400-123-4567"),
    ("summary", "加微信 tbkf_2024 处理"),
    ("notes", "官网 taobao-refund[.]help"),
    ("how", "写信到 kefu＠tb-help.cn"),
    ("claim", "据称是 四零零一二三四五六七"),
    ("hours_note", "QQ群 123456789 全天"),
]


@pytest.mark.parametrize("field,text", DATA_PLANTINGS, ids=[f"data-{f}" for f, _ in DATA_PLANTINGS])
def test_a_contact_in_a_prose_field_of_the_data_file_is_refused(tmp_path, field, text):
    data = yaml.safe_load(yaml.safe_dump(FIXTURE_DATA, allow_unicode=True))
    data["channels"][0]["zh-Hant"][field] = text
    (tmp_path / "channels.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    shutil.copy(ROOT / "data" / "allowlist.yml", tmp_path / "allowlist.yml")
    with pytest.raises(channels.DataError, match=rf"channels\[0\]\.zh-Hant\.{field}: holds a contact value"):
        channels.load(tmp_path / "channels.yml")


# --- a real build of a copy of the project ---------------------------------------------------------------


def calibrated_copy(dest: Path) -> Path:
    """The project, with any status the rules refuse lowered to `unverified` (a no-op once the data
    file follows the rules): the build then fails only on what the test plants."""
    shutil.copytree(
        ROOT,
        dest,
        ignore=shutil.ignore_patterns(".venv", "site", ".git", "node_modules", "__pycache__", ".pytest_cache", ".cache"),
    )
    path = dest / "data" / "channels.yml"
    for _ in range(3):
        try:
            channels.load(path)
            break
        except channels.DataError as exc:
            lines = path.read_text(encoding="utf-8").split("\n")
            for err in [exc, *exc.more]:
                if err.path and err.path[-1] == "status" and err.line:
                    lines[err.line - 1] = re.sub(r"status: \S+", "status: unverified", lines[err.line - 1])
            path.write_text("\n".join(lines), encoding="utf-8")
    return dest


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path}: {old!r} not found (the test needs updating)"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# (id, file whose line the finding must name, what the finding must contain)
BUILD_PLANTINGS = [
    ("page-body", "docs/zh-Hans/faq/refund.md", "tbkf_2024"),
    ("page-hidden-span", "docs/zh-Hans/faq/orders.md", "400-888-1234"),
    ("page-char-refs", "docs/zh-Hans/faq/payment.md", "400 888 1235"),
    ("sources-section", "docs/zh-Hans/safety/phishing.md", "taobao-refund.help"),
    ("zh-hant-defanged-host", "docs/zh-Hant/faq/refund.md", "tb-kefu.help"),
    ("abbreviation-title", "docs/zh-Hans/faq/account.md", "4008881236"),
    ("mkdocs-copyright", "mkdocs.yml", "4008881237"),
    ("mkdocs-extra-social", "mkdocs.yml", "weixin://"),
    ("mkdocs-nav-title", "mkdocs.yml", "4008881238"),
    ("overrides-template", "overrides/partials/copyright.html", "tb-help.cn"),
    ("ui-string-in-scripts", "scripts/kb/render/tables.py", "4008881239"),
    ("css-content-escape", "docs/assets/site.css", "4008881240"),
    ("js-escape", "docs/assets/javascripts/number-check.js", "4008881241"),
    ("image", "docs/assets/qr.png", "not listed"),
]


@pytest.fixture(scope="module")
def planted_build(tmp_path_factory):
    project = calibrated_copy(tmp_path_factory.mktemp("planted") / "project")
    docs = project / "docs"
    _edit(docs / "zh-Hans/faq/refund.md", "\n## ", "\n如有问题加微信号：tbkf_2024\n\n## ")
    _edit(docs / "zh-Hans/faq/orders.md", "\n## ", '\n热线 400-8<span style="display:none">x</span>88-1234\n\n## ')
    _edit(docs / "zh-Hans/faq/payment.md", "\n## ", "\n电话 &#52&#48&#48 888 1235\n\n## ")
    _edit(
        docs / "zh-Hans/safety/phishing.md",
        "## 来源 { #sources }\n",
        "## 来源 { #sources }\n\n- [退款中心](https://taobao-refund.help/)，2024-01-01\n",
    )
    _edit(docs / "zh-Hant/faq/refund.md", "\n## ", "\n請到 tb-kefu[.]help 申請\n\n## ")
    account = docs / "zh-Hans/faq/account.md"
    account.write_text(account.read_text(encoding="utf-8") + "\n*[客服]: 拨打 4008881236\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    _edit(config, "copyright: 社区整理", "copyright: 客服 4008881237 社区整理")
    _edit(
        config,
        "extra:\n  generator: false\n",
        'extra:\n  generator: false\n  social:\n    - icon: fontawesome/brands/weixin\n      link: "weixin://dl/chat?tbkf"\n',
    )
    _edit(config, "- 退货与退款: zh-Hans/faq/refund.md", "- 退款请拨 4008881238: zh-Hans/faq/refund.md")
    _edit(
        project / "overrides/partials/copyright.html",
        "{{ config.copyright }}</p>",
        "{{ config.copyright }} 邮箱 help@tb-help.cn</p>",
    )
    _edit(project / "scripts/kb/render/tables.py", '"see": "查看说明",', '"see": "查看说明或拨打 4008881239",')
    css = docs / "assets/site.css"
    css.write_text(css.read_text(encoding="utf-8") + '\n.kb-footer::after { content: "\\34 008881240"; }\n', encoding="utf-8")
    js = docs / "assets/javascripts/number-check.js"
    js.write_text(js.read_text(encoding="utf-8") + '\nvar kbPlanted = "\\u0034\\u0030\\u00308881241";\n', encoding="utf-8")
    (docs / "assets/qr.png").write_bytes(QR_PNG)
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(project / "scripts"))
    env.pop("KB_GUARD_DEFER", None)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(project / "site")],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
    )
    return result


@pytest.mark.parametrize("name,path,what", BUILD_PLANTINGS, ids=[b[0] for b in BUILD_PLANTINGS])
def test_a_real_build_catches_it_and_names_the_source(planted_build, name, path, what):
    out = planted_build.stdout + planted_build.stderr
    assert planted_build.returncode != 0, "the build passed with plantings in it"
    lines = [line for line in out.split("\n") if line.startswith(path + ":") and what in line]
    assert lines, f"{name}: no finding naming {path} and {what!r} in:\n{out[-6000:]}"
