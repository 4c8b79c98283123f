"""data/channels.yml refuses unsafe edits: one bad example per rule, each reported as
file:line: field: reason, and nothing is built. Works on a small data file of its own (with the
repository's allowlist), so that it does not depend on the content of the real one."""

from __future__ import annotations

import copy
import datetime as dt
import shutil

import markdown as md
import pytest
import yaml

from kb.data import channels
from kb.render import tables
from kb.site import ROOT

SOURCE = {"url": "https://news.example-a.cn/a.html", "title": {"zh-Hans": "新闻报道", "zh-Hant": "新聞報導"}, "date": "undated"}
OTHER = {"url": "https://www.example-b.com.cn/b.html", "title": {"zh-Hans": "另一家", "zh-Hant": "另一家"}, "date": "2025-01-02"}
OFFICIAL = {
    "url": "https://rule.taobao.com/detail.htm",
    "title": {"zh-Hans": "淘宝规则", "zh-Hant": "淘寶規則"},
    "date": "undated",
}


def channel(**over) -> dict:
    base = {
        "id": "good-line",
        "kind": "phone",
        "value": "9510211",
        "status": "unverified",
        "purpose": "customer-service",
        "regions": ["cn"],
        "hours": "n/a",
        "sources_read": "2026-01-01",
        "sources": [copy.deepcopy(SOURCE)],
        "zh-Hans": {"name": "热线", "summary": "说明"},
        "zh-Hant": {"name": "熱線", "summary": "說明"},
    }
    base.update(over)
    return base


def load(tmp_path, data: dict):
    (tmp_path / "allowlist.yml").write_text((ROOT / "data" / "allowlist.yml").read_text(encoding="utf-8"), encoding="utf-8")
    path = tmp_path / "channels.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return channels.load(path), path


def refused(tmp_path, data: dict, field: str, reason: str) -> str:
    with pytest.raises(channels.DataError) as info:
        load(tmp_path, data)
    message = str(info.value)
    assert message.startswith(str(tmp_path / "channels.yml") + ":"), message
    assert f"{field}: " in message and reason in message, f"expected '{field}: …{reason}…', got:\n{message}"
    line = int(message.split(":", 2)[1])
    assert line > 0, message
    return message


def test_the_small_file_is_valid(tmp_path):
    data, _ = load(tmp_path, {"channels": [channel()]})
    assert data.channels[0].sources[0].title.get("zh-Hant") == "新聞報導"


# --- statuses and their sources -----------------------------------------------------------------


def test_official_needs_a_source_on_an_official_host(tmp_path):
    lookalike = dict(SOURCE, url="https://www.tb-kefu.cn/taobao.html")
    refused(tmp_path, {"channels": [channel(status="official", sources=[lookalike])]}, "channels[0].status", "official host")


def test_official_with_a_source_on_an_official_subdomain_is_accepted(tmp_path):
    load(tmp_path, {"channels": [channel(status="official", sources=[OFFICIAL])]})


def test_reported_needs_two_sources(tmp_path):
    msg = refused(tmp_path, {"channels": [channel(status="reported")]}, "channels[0].status", "mark it 'unverified'")
    assert "at least 2 sources of different origin" in msg


def test_reported_by_two_pages_of_one_site_is_one_origin(tmp_path):
    twin = dict(SOURCE, url="https://m.example-a.cn/other.html")
    refused(tmp_path, {"channels": [channel(status="reported", sources=[SOURCE, twin])]}, "channels[0].status", "'unverified'")


def test_reported_by_two_files_of_one_repository_is_one_origin(tmp_path):
    one = dict(SOURCE, url="https://github.com/someone/numbers/blob/main/a.yml")
    two = dict(SOURCE, url="https://raw.githubusercontent.com/someone/numbers/main/b.yml")
    three = dict(SOURCE, url="https://github.com/someone/other-repo/issues/1")
    refused(tmp_path, {"channels": [channel(status="reported", sources=[one, three])]}, "channels[0].status", "'unverified'")
    # raw.githubusercontent.com serves the same owner's files: still one origin
    refused(tmp_path, {"channels": [channel(status="reported", sources=[one, two])]}, "channels[0].status", "github:someone")


def test_reported_by_two_owners_on_a_code_host_is_accepted(tmp_path):
    one = dict(SOURCE, url="https://github.com/someone/numbers/blob/main/a.yml")
    two = dict(SOURCE, url="https://github.com/another/list/issues/3")
    load(tmp_path, {"channels": [channel(status="reported", sources=[one, two])]})


def test_reported_by_two_sites_is_accepted(tmp_path):
    load(tmp_path, {"channels": [channel(status="reported", sources=[SOURCE, OTHER])]})


# --- dates -----------------------------------------------------------------------------------------

FUTURE = (dt.date.today() + dt.timedelta(days=3)).isoformat()


def test_no_sources_read_date_in_the_future(tmp_path):
    refused(tmp_path, {"channels": [channel(sources_read=FUTURE)]}, "sources_read", "in the future")


def test_no_source_date_in_the_future(tmp_path):
    refused(tmp_path, {"channels": [channel(sources=[dict(SOURCE, date=FUTURE)])]}, "sources[0].date", "in the future")


def test_no_verification_date_in_the_future(tmp_path):
    bad = channel(verified={"date": FUTURE, "method": "打电话核实"})
    refused(tmp_path, {"channels": [bad]}, "verified.date", "in the future")


# --- values ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["400-TAOBAO-1", "9510211abc", "95１0211", "9510211\u200b"])
def test_a_phone_value_is_digits_only(tmp_path, value):
    refused(tmp_path, {"channels": [channel(value=value)]}, "channels[0].value", "")


def test_a_phone_value_is_in_its_canonical_form(tmp_path):
    refused(tmp_path, {"channels": [channel(value="0571-88158198")]}, "value", "write '0571 8815 8198'")


def test_the_tel_target_is_never_typed(tmp_path):
    refused(tmp_path, {"channels": [channel(tel="tel:4008001688")]}, "tel", "unknown field 'tel'")


def test_the_tel_link_dials_what_is_shown(tmp_path):
    data, _ = load(tmp_path, {"channels": [channel(value="400 860 8608", status="reported", sources=[SOURCE, OTHER])]})
    assert tables.tel_uri(data.channels[0]) == "tel:+864008608608"


def test_values_are_unique(tmp_path):
    twin = channel(id="twin-line")
    refused(tmp_path, {"channels": [channel(), twin]}, "channels[1].value", "already the value of channels[0]")


def test_web_values_are_https_only(tmp_path):
    refused(tmp_path, {"channels": [channel(kind="web", value="http://help.example-a.cn/")]}, "value", "https")


def test_sources_are_http_or_https_only(tmp_path):
    refused(tmp_path, {"channels": [channel(sources=[dict(SOURCE, url="javascript:alert(1)")])]}, "sources[0].url", "")


def test_an_email_value_is_an_address(tmp_path):
    refused(tmp_path, {"channels": [channel(kind="email", value="kefu at qq.com")]}, "value", "not an e-mail address")


@pytest.mark.parametrize(
    "kind,value,found",
    [
        ("online", "拨打 400 123 4567 转人工", "phone"),
        ("app", "加微信号：kefu_2024", "handle"),
        ("social", "客服邮箱 kefu@tb-help.cn", "email"),
        ("service", "https://tb-kefu.cn/refund", "url"),
    ],
)
def test_no_contact_value_of_another_kind_in_a_value(tmp_path, kind, value, found):
    refused(tmp_path, {"channels": [channel(kind=kind, value=value)]}, "channels[0].value", f"holds a {found}")


# --- text fields -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "field,text,reason",
    [
        ("name", "退款专线 400-123-4567", "contact value"),
        ("summary", "客服 四零零八零零一二三四", "contact value"),
        ("notes", "写信到 kefu＠tb-help.cn", "contact value"),
        ("how", "打开 taobao-refund[.]help 申请", "contact value"),
        ("notes", "加 QQ群 12345678 处理", "contact value"),
        ("name", "[官方客服](javascript:alert(1))", "Markdown or HTML"),
        ("name", "<b>客服</b>", "Markdown or HTML"),
        ("summary", "**重要** 说明", "Markdown or HTML"),
        ("summary", "&#52;00 热线", "Markdown or HTML"),
        ("name", "客服\u202e1102159", "invisible or control character U+202E"),
        ("name", "客\u200b服", "invisible or control character U+200B"),
        ("name", "客服\x07", "invisible or control character U+0007"),
        ("name", "长" * 100_000, "characters long"),
    ],
)
def test_text_fields_are_plain_short_text_without_contacts(tmp_path, field, text, reason):
    bad = channel()
    bad["zh-Hans"][field] = text
    refused(tmp_path, {"channels": [bad]}, f"zh-Hans.{field}", reason)


def test_a_source_title_holds_no_contact(tmp_path):
    bad = dict(SOURCE, title={"zh-Hans": "客服电话 400-123-4567", "zh-Hant": "客服"})
    refused(tmp_path, {"channels": [channel(sources=[bad])]}, "title.zh-Hans", "contact value")


def test_a_text_may_name_a_value_that_is_an_entry_of_its_own(tmp_path):
    other = channel(id="other-line", value="9510288")
    named = channel()
    named["zh-Hans"]["notes"] = "不是 9510288。"
    load(tmp_path, {"channels": [named, other]})


def test_unknown_fields_are_rejected(tmp_path):
    refused(tmp_path, {"channels": [channel(checked="2026-01-01")]}, "checked", "unknown field 'checked'")


def test_a_recommendation_page_is_a_site_path(tmp_path):
    rec = {
        "id": "refund",
        "channels": ["good-line"],
        "page": '"><script>alert(1)</script>',
        "zh-Hans": {"problem": "退款", "advice": "先找平台"},
        "zh-Hant": {"problem": "退款", "advice": "先找平台"},
    }
    refused(tmp_path, {"channels": [channel()], "recommendations": [rec]}, "recommendations[0].page", "")


def test_references_have_unique_ids_and_urls(tmp_path):
    ref = {"id": "news", "url": SOURCE["url"], "title": SOURCE["title"], "date": "undated"}
    refused(tmp_path, {"channels": [channel()], "references": [ref, dict(ref, id="news-2")]}, "references[1].url", "already")
    refused(
        tmp_path, {"channels": [channel()], "references": [ref, dict(ref, url=OTHER["url"])]}, "references[1].id", "duplicate id"
    )


def test_every_problem_is_listed_at_once(tmp_path):
    bad = channel(status="official")
    bad["zh-Hans"]["notes"] = "拨打 400-123-4567"
    msg = refused(tmp_path, {"channels": [bad]}, "status", "official host")
    assert "zh-Hans.notes: holds a contact value" in msg


# --- data text is text everywhere (these fail on the code before issue 12) --------------------------


def _unchecked(**over) -> channels.DataFile:
    """A data file built without validation: what the renderer must survive even if a rule slipped."""
    text = channels.ChannelText.model_construct(name="[x](javascript:alert(1))", summary="<img src=x onerror=alert(1)>")
    ch = channels.Channel.model_construct(
        id="evil", kind="app", value=None, status="unverified", purpose="customer-service", regions=["cn"], hours="n/a",
        sources=[], sources_read=dt.date(2026, 1, 1), verified=None, zh_Hans=text, zh_Hant=text,
    )  # fmt: skip
    rec = channels.Recommendation.model_construct(
        id="evil", channels=["evil"], page='x/"><script>alert(1)</script>', zh_Hans=None, zh_Hant=None
    )
    rec_text = channels.RecommendationText.model_construct(problem="[y](javascript:alert(2))", advice="a")
    rec.zh_Hans = rec.zh_Hant = rec_text
    return channels.DataFile.model_construct(channels=[ch], recommendations=[rec], references=[], terms=[])


def _render(markdown_text: str, data: channels.DataFile) -> str:
    page = tables.Page("zh-Hans", "faq/refund/")
    slots = tables.Slots()
    text = tables.expand_markers(markdown_text, data, page, "docs/x.md", None, slots)
    text = tables.expand_shortcodes(text, data, page, "docs/x.md", slots)
    return slots.fill(md.markdown(text, extensions=["attr_list", "md_in_html", "tables"]))


def test_a_channel_name_is_never_markdown(tmp_path):
    html = _render("见 [[ch:evil:name]] 和 [[ch:evil]]。\n", _unchecked())
    assert "javascript:" not in html.replace("[x](javascript:alert(1))", ""), html
    assert "[x](javascript:alert(1))" in html
    assert "<img" not in html


def test_a_recommendation_page_is_escaped_in_its_href():
    html = _render("<!-- generated:choose -->\n", _unchecked())
    assert "<script>" not in html, html
    assert "&#34;&gt;&lt;script&gt;" in html or "&quot;&gt;&lt;script&gt;" in html
    assert 'href="javascript:' not in html


def test_the_build_keeps_data_html_out_of_markdown(site):
    """The generated tables and inline values are in the built pages, and no placeholder is left."""
    for path in site.rglob("*.html"):
        assert "kbslot" not in path.read_text(encoding="utf-8"), f"{path}: a placeholder was not filled"
    page = (site / "contact" / "index.html").read_text(encoding="utf-8")
    assert 'class="kb-table kb-table--channels"' in page and "资料来源读取于" in page
    assert "核对于" not in page and "查核於" not in (site / "zh-Hant" / "contact" / "index.html").read_text(encoding="utf-8")


def test_copying_the_allowlist_is_needed_for_rules(tmp_path):
    """The data model reads data/allowlist.yml next to the data file: without it, nothing loads."""
    path = tmp_path / "channels.yml"
    path.write_text(yaml.safe_dump({"channels": [channel()]}, allow_unicode=True), encoding="utf-8")
    with pytest.raises(Exception, match="allowlist"):
        channels.load(path)
    shutil.copy(ROOT / "data" / "allowlist.yml", tmp_path / "allowlist.yml")
    channels.load(path)
