"""The printable anti-fraud card and the contacts file (.vcf), both generated from the data file."""

from __future__ import annotations

import re

import pytest

from kb.data import channels
from kb.render import card
from kb.site import LANGS, lang_prefix


@pytest.mark.parametrize("lang", LANGS)
def test_the_contacts_file_holds_exactly_the_official_numbers(site, lang):
    data = channels.load()
    text = (site / lang_prefix(lang) / card.CONTACTS_PATH).read_bytes().decode("utf-8")  # keep the CRLFs
    tels = re.findall(r"^TEL;TYPE=VOICE:(\S+)\r$", text, re.M)
    official = [ch for ch in data.channels if ch.kind == "phone" and ch.status == "official"]
    assert len(tels) == len(official) == text.count("BEGIN:VCARD") == text.count("END:VCARD")
    assert official, "no official number: the contacts file would be empty"
    for ch in official:
        assert f"FN:{card._vcard_escape(ch.text(lang).name)}\r" in text, f"{ch.id} is missing from the {lang} contacts file"
    official_digits = {re.sub(r"\D", "", t)[-8:] for t in tels}
    for ch in data.channels:
        digits = re.sub(r"\D", "", ch.value or "")[-8:]
        if ch.kind == "phone" and ch.status != "official" and not any(o.value == ch.value for o in official):
            assert digits not in official_digits, f"{ch.id} ({ch.status}) must not be in the contacts file"


@pytest.mark.parametrize("lang", LANGS)
def test_the_contacts_page_says_what_is_left_out_and_why(site, lang):
    html = (site / lang_prefix(lang) / "safety" / "contacts" / "index.html").read_text(encoding="utf-8")
    data = channels.load()
    left_out = [ch for ch in data.channels if ch.kind == "phone" and ch.status != "official"]
    section = html.split('id="contacts-left-out"', 1)[1]
    for ch in left_out:
        assert f"kb-status--{ch.status}" in section, f"{ch.id} is not listed as left out on {lang} safety/contacts"
    assert 'href="../../assets/data/official-numbers.vcf"' in html


@pytest.mark.parametrize("lang", LANGS)
def test_the_card_prints_on_one_a5_page(browser, server, lang):
    page = browser.new_page()
    page.goto(f"{server}/{lang_prefix(lang)}safety/card/")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A5", prefer_css_page_size=True, print_background=True)
    page.close()
    pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
    assert pages == 1, f"{lang} safety/card prints on {pages} A5 pages: shorten the card or tighten the print styles in site.css"
