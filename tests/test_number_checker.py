"""The number checker on /safety/verify/, in headless Chromium, in both languages.

Every phone entry of data/channels.yml, written the many ways people write numbers (spaces,
dashes, dots, brackets, full-width digits, +86 / 0086 / +852 / +886 / +853, a trunk 0 or not,
zero-width characters from a pasted message), must give that entry's status; numbers that are
not on the list must give ``unknown``. Enter, the button, typing and pasting all work; the
answer is in a live region; without JavaScript the page explains what to do instead.
"""

from __future__ import annotations

import json
import re

import phonenumbers
import pytest
from playwright.sync_api import expect

from kb.data import channels
from kb.render import number_checker, tables
from kb.site import LANGS

DATA = channels.load()
PHONES = [ch for ch in DATA.channels if ch.kind == "phone"]
KEYS = {ch.id: channels.phone_keys(ch.value, ch.regions[0]) for ch in PHONES}
ALL_KEYS = {k for keys in KEYS.values() for k in keys}
FULLWIDTH = str.maketrans("0123456789+()- ", "０１２３４５６７８９＋（）－\u3000")
ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
MATH_BOLD = str.maketrans("0123456789", "".join(chr(0x1D7CE + i) for i in range(10)))
HAN = "〇一二三四五六七八九"
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u00ad"]


def verify_url(server: str, lang: str) -> str:
    return server + ("/" if lang == "zh-Hans" else "/zh-Hant/") + "safety/verify/"


def expected_for(key: str) -> tuple[set[str], str]:
    """Entries whose keys hold this digit string, and the status the checker must report."""
    ids = {ch.id for ch in PHONES if key in KEYS[ch.id]}
    statuses = [ch.status for ch in PHONES if ch.id in ids]
    status = next(s for s in number_checker.CAUTION_ORDER if s in statuses) if statuses else "unknown"
    return ids, status


def _chunks(digits: str) -> list[str]:
    """Split a digit string the way it is usually grouped (3-4 digits)."""
    if len(digits) <= 5:
        return [digits]
    if len(digits) <= 8:
        return [digits[: len(digits) - 4], digits[-4:]]
    head = len(digits) - 8
    return [digits[:head], digits[head:-4], digits[-4:]]


def written_forms(ch: channels.Channel) -> list[tuple[str, str, str]]:
    """(how it is written, what it is, the key it stands for) for one phone entry."""
    number = channels.phone_number(ch.value, ch.regions[0])
    cc, national = str(number.country_code), str(number.national_number)
    trunk = "0" + national in KEYS[ch.id]
    groups = _chunks(national)
    spaced = " ".join(groups)
    intl = cc + national
    zw = INVISIBLE[len(national) % len(INVISIBLE)]
    forms = [
        (ch.value, "as listed", None),
        (national, "plain digits", national),
        (spaced, "with spaces", national),
        ("-".join(groups), "with dashes", national),
        (".".join(groups), "with dots", national),
        (f"({groups[0]}) {' '.join(groups[1:])}" if len(groups) > 1 else f"({national})", "with brackets", national),
        (spaced.translate(FULLWIDTH), "full-width digits", national),
        (zw.join(national), f"zero-width U+{ord(zw):04X} between digits", national),
        (f"\u202d{national}\u202c\u200b", "direction marks around it", national),
        (spaced.translate(ARABIC_INDIC), "Arabic-Indic digits", national),
        (national.translate(MATH_BOLD), "mathematical bold digits", national),
        (f"+{cc} {spaced}", f"+{cc}", intl),
        (f"00{cc} {spaced}", f"00{cc}", intl),
        (f"+{cc}-{national}", f"+{cc} with a dash", intl),
        (f"＋{cc} {spaced}".translate(FULLWIDTH), f"full-width +{cc}", intl),
        (f"tel:+{cc}{national}", "a tel: link", intl),
        (f"（+{cc}）{national}", f"(+{cc}) in full-width brackets", intl),
    ]
    if len(national) >= 5:
        forms.append(("".join(HAN[int(d)] for d in national), "Chinese numerals", national))
    if trunk:
        area_len = 2 if national.startswith(("10", "2")) and cc == "86" else (1 if cc == "886" and national[0] == "2" else 3)
        area, rest = national[:area_len], national[area_len:]
        forms += [
            ("0" + national, "with the trunk 0", "0" + national),
            (f"(0{area}) {rest[:-4]}-{rest[-4:]}", "(0area) with the trunk 0", "0" + national),
            (f"0{area}-{rest}".translate(FULLWIDTH), "full-width with the trunk 0", "0" + national),
            (f"+{cc} (0){area} {rest}", f"+{cc} (0) trunk digit", intl),
            (f"00{cc} 0{national}", f"00{cc} with the trunk 0", intl),
        ]
    listed = re.sub(r"\D", "", ch.value)
    assert listed in KEYS[ch.id], f"test bug: the digits of {ch.value!r} are not one of its keys {KEYS[ch.id]}"
    return [(text, what, listed if key is None else key) for text, what, key in forms]


def unknown_numbers() -> list[tuple[str, str]]:
    """Numbers that are on no list: near misses of listed ones, wrong country codes, a mobile."""
    out = []
    for ch in PHONES[::3]:
        national = KEYS[ch.id][1]
        near = national[:-1] + str((int(national[-1]) + 1) % 10)
        if not {near, "0" + near, near[1:]} & ALL_KEYS:
            out.append((" ".join(_chunks(near)), f"{ch.id} with its last digit changed"))
    for ch, cc in (
        (DATA.channel("taobao-hotline"), "852"),
        (DATA.channel("hk-anti-scam"), "86"),
        (DATA.channel("alipay-hotline"), "886"),
    ):
        national = KEYS[ch.id][1]
        if cc + national not in ALL_KEYS:
            out.append((f"+{cc} {national}", f"{ch.id} with the wrong country code +{cc}"))
    mobile = phonenumbers.example_number_for_type("CN", phonenumbers.PhoneNumberType.MOBILE)
    out.append(
        (phonenumbers.format_number(mobile, phonenumbers.PhoneNumberFormat.INTERNATIONAL), "an example mainland mobile number")
    )
    tw = phonenumbers.example_number_for_type("TW", phonenumbers.PhoneNumberType.FIXED_LINE)
    out.append((phonenumbers.format_number(tw, phonenumbers.PhoneNumberFormat.NATIONAL), "an example Taiwan landline"))
    for text, what in out:
        digits = re.sub(r"\D", "", text)
        assert digits not in ALL_KEYS, f"test bug: {text} ({what}) is on the list"
    return out


# --- fixtures ---------------------------------------------------------------------------------


@pytest.fixture(scope="module", params=LANGS)
def checker(request, browser, server):
    """The verify page in one language, script loaded; yields (page, lang)."""
    lang = request.param
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN" if lang == "zh-Hans" else "zh-TW")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(verify_url(server, lang))
    page.wait_for_selector("#number-check[data-loaded='1']", timeout=10000)
    yield page, lang
    context.close()
    assert errors == [], f"{lang} /safety/verify/: JavaScript errors: {errors}"


def result_of(page) -> tuple[str, set[str], str]:
    status, ids, text = page.eval_on_selector(
        "#number-check-result", "r => [r.getAttribute('data-status'), r.getAttribute('data-ids') || '', r.innerText]"
    )
    return status, set(ids.split()), text


def enter(page, text: str, focus: bool = True) -> tuple[str, set[str], str]:
    """Replace what is in the box with text (as one input event), press Enter, read the answer."""
    if focus:
        page.focus("#number-check-input")
    page.keyboard.press("ControlOrMeta+A")
    page.keyboard.insert_text(text)
    page.keyboard.press("Enter")
    return result_of(page)


# --- the data side -----------------------------------------------------------------------------


def test_every_phone_entry_has_lookup_keys_in_the_export(site):
    export = json.loads((site / "assets" / "data" / "channels.json").read_text(encoding="utf-8"))
    by_id = {e["id"]: e for e in export["channels"]}
    for ch in PHONES:
        assert by_id[ch.id]["keys"], f"data/channels.yml {ch.id}: the JSON export has no lookup keys for {ch.value!r}"
        assert by_id[ch.id]["status"] == ch.status


def test_the_widget_is_on_the_verify_page_in_both_languages(site):
    for lang in LANGS:
        base = site if lang == "zh-Hans" else site / "zh-Hant"
        html = (base / "safety" / "verify" / "index.html").read_text(encoding="utf-8")
        where = f"docs/{lang}/safety/verify.md"
        assert 'id="number-check-input"' in html, f"{where} needs a line <!-- generated:number-checker -->"
        assert re.search(
            r'<div[^>]*id="number-check-result"[^>]*role="status"[^>]*aria-live="polite"[^>]*data-status=""', html
        ), "scripts/number_checker.py: the live region #number-check-result[role=status][aria-live=polite] is missing"
        script = re.search(r'<script src="([^"]*number-check\.js)" defer>', html)
        assert script, "scripts/number_checker.py: the page must load assets/javascripts/number-check.js with defer"
        src = re.search(r'data-src="([^"]+)"', html).group(1)
        assert src == "../../assets/data/channels.json" if lang == "zh-Hans" else src == "../../../assets/data/channels.json", src
        assert "http" not in src


def test_the_script_is_only_on_the_verify_page(site):
    for page in site.rglob("index.html"):
        rel = page.relative_to(site).as_posix()
        has = "number-check.js" in page.read_text(encoding="utf-8")
        assert has == rel.endswith("safety/verify/index.html"), f"{rel}: number-check.js loaded={has}"


# --- in the browser ----------------------------------------------------------------------------


SUBMIT_EACH = """forms => forms.map(text => {
  // What the form does when the reader types or pastes and presses Enter: an input event, then submit.
  const box = document.getElementById('number-check-input');
  box.value = text;
  box.dispatchEvent(new InputEvent('input', {bubbles: true, inputType: 'insertFromPaste', data: text}));
  box.form.requestSubmit();
  const r = document.getElementById('number-check-result');
  return [r.getAttribute('data-status'), r.getAttribute('data-ids') || ''];
})"""


def test_every_listed_number_in_every_written_form_gives_its_status(checker):
    page, lang = checker
    cases = [(ch, text, what, key) for ch in PHONES for text, what, key in written_forms(ch)]
    assert len(cases) >= 15 * len(PHONES)
    answers = page.evaluate(SUBMIT_EACH, [text for _, text, _, _ in cases])
    failures = []
    for (ch, text, what, key), (got_status, got_ids) in zip(cases, answers):
        ids, status = expected_for(key)
        assert ch.id in ids, f"test bug: {key} is not a key of {ch.id}"
        if got_status != status or set(got_ids.split()) != ids:
            failures.append(
                f"  {ch.id} {what}: {text!r} → data-status={got_status!r} ids={got_ids.split()}, expected {status!r} {sorted(ids)}"
            )
    assert failures == [], (
        f"{lang} /safety/verify/: {len(failures)}/{len(cases)} written forms were not recognised "
        "(fix the normalisation in docs/assets/javascripts/number-check.js or the keys in scripts/channels.py phone_keys):\n"
        + "\n".join(failures)
    )


def test_every_listed_number_typed_with_the_keyboard_and_enter(checker):
    """The same through real key presses, for two written forms of every entry."""
    page, lang = checker
    failures = []
    page.focus("#number-check-input")
    for ch in PHONES:
        for text, what, key in [f for f in written_forms(ch) if f[1] == "as listed" or f[1].startswith("full-width +")]:
            ids, status = expected_for(key)
            got_status, got_ids, _ = enter(page, text, focus=False)
            if got_status != status or got_ids != ids:
                failures.append(
                    f"  {ch.id} {what}: {text!r} → {got_status!r} {sorted(got_ids)}, expected {status!r} {sorted(ids)}"
                )
    assert failures == [], f"{lang}: typed + Enter gave the wrong answer:\n" + "\n".join(failures)


def test_numbers_that_are_not_listed_are_unknown(checker):
    page, lang = checker
    wrong = []
    for text, what in unknown_numbers():
        status, ids, shown = enter(page, text)
        if status != "unknown" or ids:
            wrong.append(f"  {text!r} ({what}) → {status!r} {sorted(ids)}")
    assert wrong == [], f"{lang}: numbers not on the list must give data-status=unknown:\n" + "\n".join(wrong)


def test_shared_numbers_show_every_entry(checker):
    page, lang = checker
    shared: dict[str, list[str]] = {}
    for ch in PHONES:
        shared.setdefault(KEYS[ch.id][1], []).append(ch.id)
    shared = {k: v for k, v in shared.items() if len(v) > 1}
    assert shared, "expected at least one number listed twice (110: mainland and Taiwan police)"
    for number, ids in shared.items():
        status, got, text = enter(page, number)
        assert got == set(ids), f"{number} belongs to {ids}; the checker showed {sorted(got)}"
        for i in ids:
            assert DATA.channel(i).text(lang).name in text, f"{number}: the answer does not name {i}"


def test_a_message_with_several_numbers_shows_each_listed_one(checker):
    page, lang = checker
    a, b = DATA.channel("alipay-hotline"), DATA.channel("seo-hotline")
    year = DATA.channel("taobao-hotline").sources_read.year
    message = f"【淘宝】{year}年12月3日：您的订单退款异常，请致电{b.value}，或拨打{a.value}转人工。"
    status, ids, text = enter(page, message)
    assert ids == {a.id, b.id}, f"{message!r} → {sorted(ids)}"
    assert status == "unverified", "two entries with different statuses: data-status is the more cautious one"
    status, ids, _ = enter(page, f"{year}年12月3日 订单 {unknown_numbers()[0][0]}")
    assert status == "unknown" and not ids


def test_the_answer_says_which_channel_its_status_sources_and_what_it_proves(checker):
    page, lang = checker
    t, s = tables.T[lang], number_checker.S[lang]
    for ch in PHONES:
        status, ids, text = enter(page, ch.value)
        name = ch.text(lang).name
        assert name in text, f"{lang}: {ch.value} → the answer does not name {name!r}"
        assert t["status"][ch.status] in text, (
            f"{lang}: {ch.value} → the answer does not give the status label {t['status'][ch.status]!r}"
        )
        assert s["meaning"][ch.status] in text, f"{lang}: {ch.value} → the answer does not say what status {ch.status} proves"
        assert "来电显示可以伪造" in text or "來電顯示可以偽造" in text, f"{lang}: {ch.value} → no caller-ID spoofing warning"
        hrefs = page.locator("#number-check-result a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
        for src in ch.sources:
            assert src.url in hrefs, f"{lang}: {ch.value} → source {src.url} is not linked"
        if ch.text(lang).claim:
            assert ch.text(lang).claim in text


def test_unknown_says_what_to_do_and_where_to_report(checker):
    page, lang = checker
    text, what = unknown_numbers()[0]
    status, _, shown = enter(page, text)
    assert status == "unknown"
    s = number_checker.S[lang]
    assert s["unknown_help"] in shown
    for region, ids in number_checker.REPORT_CHANNELS:
        assert tables.T[lang]["region"][region] in shown, f"{lang}: the unknown answer lists no channel for {region}"
        for i in ids:
            assert DATA.channel(i).value in shown, f"{lang}: the unknown answer does not give {i} ({DATA.channel(i).value})"


def test_the_answer_is_in_the_readers_language(checker):
    page, lang = checker
    other = "zh-Hant" if lang == "zh-Hans" else "zh-Hans"
    ch = next(c for c in PHONES if c.text(lang).name != c.text(other).name and c.status == "not-taobao")
    _, _, text = enter(page, ch.value)
    assert ch.text(lang).name in text and ch.text(other).name not in text
    assert tables.T[lang]["status"][ch.status] in text


def test_typing_without_enter_gives_the_answer(checker):
    page, lang = checker
    ch = DATA.channel("alibaba-hotline")
    box = page.locator("#number-check-input")
    box.fill("")
    expect(page.locator("#number-check-result")).to_have_attribute("data-status", "")
    box.press_sequentially(ch.value, delay=30)
    expect(page.locator("#number-check-result")).to_have_attribute("data-status", ch.status, timeout=3000)
    assert page.locator("#number-check-result").get_attribute("data-ids") == ch.id
    box.fill("")
    expect(page.locator("#number-check-result")).to_have_attribute("data-status", "", timeout=3000)
    # A number that is not listed: nothing while it is too short to be complete, then unknown.
    text, _ = unknown_numbers()[-1]
    box.press_sequentially(text[:4], delay=30)
    page.wait_for_timeout(600)
    assert page.locator("#number-check-result").get_attribute("data-status") == "", (
        "half a number must not be announced as unknown"
    )
    box.press_sequentially(text[4:], delay=30)
    expect(page.locator("#number-check-result")).to_have_attribute("data-status", "unknown", timeout=3000)
    box.fill("")


def test_pasting_gives_the_answer(checker):
    page, lang = checker
    box = page.locator("#number-check-input")
    result = page.locator("#number-check-result")
    # A real paste from the clipboard (Ctrl+V), with what a message carries along: text around
    # the number, full-width digits, a zero-width space.
    ch = DATA.channel("seo-hotline")
    pasted = "【通知】您的订单异常，请致电 " + "\u200b".join(ch.value).translate(FULLWIDTH) + " 办理退款"
    box.fill("")
    page.evaluate("text => navigator.clipboard.writeText(text)", pasted)
    box.focus()
    page.keyboard.press("Control+V")
    expect(result).to_have_attribute("data-status", ch.status, timeout=3000)
    assert result.get_attribute("data-ids") == ch.id
    # Text inserted at once, as an input method or a phone's paste does.
    ch = DATA.channel("hk-anti-scam")
    box.fill("")
    box.focus()
    page.keyboard.insert_text("+852 " + ch.value)
    expect(result).to_have_attribute("data-status", ch.status, timeout=3000)
    assert result.get_attribute("data-ids") == ch.id


def test_the_button_works_and_short_input_is_not_a_match(checker):
    page, lang = checker
    box = page.locator("#number-check-input")
    box.fill(DATA.channel("fliggy-hotline").value)
    page.locator("#number-check-form button[type=submit]").click()
    assert result_of(page)[0] == "not-taobao"
    status, ids, _ = enter(page, "11")
    assert status == "unknown" and not ids


def test_it_is_labelled_and_answers_in_a_live_region(checker):
    page, lang = checker
    s = number_checker.S[lang]
    box = page.get_by_label(s["label"])
    assert box.get_attribute("id") == "number-check-input", "the input must have a <label>"
    assert "number-check-hint" in (box.get_attribute("aria-describedby") or "")
    live = page.get_by_role("status")
    assert live.count() >= 1
    region = page.locator("#number-check-result")
    assert region.get_attribute("aria-live") == "polite" and region.get_attribute("role") == "status"
    ch = DATA.channel("taobao-hotline")
    box.fill(ch.value)
    box.press("Enter")
    # What a screen reader is given: the live region's accessible text names the channel.
    expect(page.get_by_role("status").filter(has_text=ch.text(lang).name)).to_have_count(1)
    assert page.locator("#number-check-fallback").is_hidden()
    assert page.locator("#number-check-form").is_visible()


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_it_explains_what_to_do(browser, server, lang):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(verify_url(server, lang))
    fallback = page.locator("#number-check-fallback")
    assert fallback.is_visible(), f"{lang}: without JavaScript the explanation #number-check-fallback must show"
    text = fallback.inner_text()
    assert "JavaScript" in text
    assert "来电显示可以伪造" in text or "來電顯示可以偽造" in text
    for _, ids in number_checker.REPORT_CHANNELS:
        for i in ids:
            assert DATA.channel(i).value in text
    assert page.locator("#number-check-form").is_hidden(), "a form that cannot answer must not show without JavaScript"
    hrefs = fallback.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert any(h.endswith("contact/phone/") for h in hrefs)
    context.close()


def test_no_other_host_is_asked_while_checking(browser, server):
    context = browser.new_context()
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    page.goto(verify_url(server, "zh-Hans"))
    page.wait_for_selector("#number-check[data-loaded='1']")
    enter(page, DATA.channel("alipay-hotline").value)
    enter(page, unknown_numbers()[0][0])
    checker_requests = [u for u in asked if "channels.json" in u or "number-check" in u]
    assert len(checker_requests) == 2, checker_requests
    assert all(u.startswith(server) for u in checker_requests), checker_requests
    context.close()
