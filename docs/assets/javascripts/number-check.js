/* 淘宝客服指南 · number checker (/safety/verify/).
 *
 * Looks a typed or pasted number up in the site's own JSON export (assets/data/channels.json,
 * made from data/channels.yml by scripts/tables.py) and says, in the page's language, which
 * channel it is, its status and sources, and what that proves. Nothing leaves the page: no
 * server, no other host. The widget's HTML and strings come from scripts/number_checker.py.
 *
 * Contract (tests and tools rely on it): input#number-check-input; the answer in
 * #number-check-result[data-status] = a status from the data file, "unknown", or "" (no answer).
 * data-ids lists the matching entries' ids, space-separated.
 */
(function () {
  "use strict";

  // Characters that carry no meaning in a number but come along when it is pasted from a
  // message: zero-width spaces and joiners, direction marks, word joiner, BOM, soft hyphen...
  var INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u202A-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFF8]/g;
  // Country codes the export uses; a "(0)" trunk digit after one of them is dropped.
  var COUNTRY_CODES = ["886", "852", "853", "86"];
  // International call prefixes besides "00" (Taiwan 002/005/006/007/009/019, Hong Kong 001).
  var IDD = ["002", "005", "006", "007", "009", "019", "001", "00"];
  // A number as people write it: digits with spaces, dashes, dots, brackets or slashes between.
  var RUN = /(?:\+\s*|\(\s*\+?\s*)?\d[\d\s\-\u2010-\u2015\u2212.\u00B7\u30FB()\[\]\/]*/g;

  var HAN_DIGITS = "〇一二三四五六七八九";
  var OTHER_DIGIT = /[^\x00-\x7F]/;

  /* Any decimal digit (Arabic-Indic, Devanagari ...) as 0-9: digits come in runs of ten. */
  function asciiDigit(ch) {
    var cp = ch.codePointAt(0), zero = cp;
    while (zero > cp - 9 && isDigit(String.fromCodePoint(zero - 1))) zero--;
    return String(cp - zero);
  }
  var isDigit;
  try {
    var nd = new RegExp("^\\p{Nd}$", "u");
    isDigit = function (ch) { return nd.test(ch); };
  } catch (e) {
    isDigit = function () { return false; };
  }

  function normalise(text) {
    // NFKC turns full-width, circled and mathematical digits, "＋", "（" and friends into ASCII.
    var s = String(text || "");
    if (s.normalize) s = s.normalize("NFKC");
    s = s.replace(INVISIBLE, "");
    // Other scripts' digits; Chinese numerals when five or more are written in a row.
    s = Array.from(s).map(function (ch) {
      return OTHER_DIGIT.test(ch) && isDigit(ch) ? asciiDigit(ch) : ch;
    }).join("");
    return s.replace(/[〇零一二三四五六七八九]{5,}/g, function (run) {
      return run.replace(/./g, function (ch) { return ch === "零" ? "0" : String(HAN_DIGITS.indexOf(ch)); });
    });
  }

  function international(digits, out) {
    out.push(digits);
    for (var i = 0; i < COUNTRY_CODES.length; i++) {
      var cc = COUNTRY_CODES[i];
      if (digits.indexOf(cc + "0") === 0) out.push(cc + digits.slice(cc.length + 1));
    }
  }

  /* Digit strings to look up for one written number. */
  function candidates(run) {
    var digits = run.replace(/\D/g, "");
    var out = [];
    if (!digits) return out;
    if (/^\s*\(?\s*\+/.test(run)) {
      international(digits, out);
      return out;
    }
    out.push(digits);
    for (var i = 0; i < IDD.length; i++) {
      if (digits.indexOf(IDD[i]) === 0 && digits.length > IDD[i].length + 2) {
        international(digits.slice(IDD[i].length), out);
        break;
      }
    }
    // A trunk "0" (mainland and Taiwan area codes), written or not.
    if (digits.charAt(0) === "0" && digits.charAt(1) !== "0" && digits.length >= 8) out.push(digits.slice(1));
    return out;
  }

  /* What the reader typed, as a shown number and the runs to look up. */
  function parse(text) {
    var s = normalise(text);
    var runs = (s.match(RUN) || []).map(function (r) { return r.trim(); }).filter(function (r) {
      return r.replace(/\D/g, "").length > 0;
    });
    var digits = s.replace(/\D/g, "");
    // "+" in front (maybe after "tel:" or inside a bracket) means the country code follows.
    var plus = /^\(?\s*\+/.test(s.replace(/^[^\d+(]*/, ""));
    return { whole: (plus ? "+" : "") + digits, digits: digits, runs: runs };
  }

  function buildIndex(data) {
    var index = Object.create(null);
    (data.channels || []).forEach(function (entry, order) {
      entry._order = order;
      (entry.keys || []).forEach(function (key) {
        (index[key] = index[key] || []).push(entry);
      });
    });
    return index;
  }

  function lookupRun(index, run) {
    var found = [];
    candidates(run).forEach(function (key) {
      (index[key] || []).forEach(function (entry) {
        if (found.indexOf(entry) < 0) found.push(entry);
      });
    });
    return found;
  }

  /* Entries for the input, and the number(s) they were found by, as the reader will see them. */
  function lookup(index, parsed) {
    // The whole input first (a number written in pieces); then each number in a pasted message.
    var found = lookupRun(index, parsed.whole);
    var shown = [parsed.whole];
    if (!found.length && parsed.runs.length > 1) {
      var matched = [];
      parsed.runs.forEach(function (run) {
        var more = lookupRun(index, run);
        if (more.length) matched.push(run);
        more.forEach(function (entry) {
          if (found.indexOf(entry) < 0) found.push(entry);
        });
      });
      shown = found.length ? matched : parsed.runs;
    }
    found.sort(function (a, b) { return a._order - b._order; });
    return { entries: found, shown: shown.join("、") };
  }

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (m, k) { return k in values ? values[k] : m; });
  }

  function overallStatus(found, caution) {
    var statuses = found.map(function (e) { return e.status; });
    for (var i = 0; i < caution.length; i++) {
      if (statuses.indexOf(caution[i]) >= 0) return caution[i];
    }
    return statuses[0];
  }

  function entryHtml(entry, t) {
    var text = (entry.text && entry.text[t.lang]) || {};
    var parts = [];
    parts.push('<div class="kb-checker__match kb-checker__match--' + esc(entry.status) + '">');
    parts.push('<p class="kb-checker__value"><strong>' + esc(entry.value) + "</strong> " + (t.badge[entry.status] || "") + "</p>");
    parts.push('<p><a href="' + esc(t.channelsHref) + "#ch-" + esc(entry.id) + '">' + esc(text.name) + "</a>：" + esc(text.summary) + "</p>");
    if (text.claim) parts.push("<p><strong>" + esc(t.claim) + "</strong>" + esc(text.claim) + "</p>");
    if (text.notes) parts.push("<p><strong>" + esc(t.notes) + "</strong>" + esc(text.notes) + "</p>");
    var proves = t.meaning[entry.status] || "";
    if (t.purpose[entry.purpose]) proves += t.purpose[entry.purpose];
    parts.push("<p><strong>" + esc(t.proves) + "</strong>" + esc(proves) + "</p>");
    var sources = (entry.sources || []).map(function (s) {
      var date = s.date === "undated" ? t.undated : s.date;
      return '<li><a href="' + esc(s.url) + '" rel="nofollow noopener">' + esc((s.title && s.title[t.lang]) || "") + "</a>（" + esc(date) + "）</li>";
    }).join("");
    parts.push('<p class="kb-checker__sources-title"><strong>' + esc(t.sources) + "</strong>（" + esc(t.checked) + " " + esc(entry.sources_read) + "）</p>");
    parts.push('<ul class="kb-sources">' + sources + "</ul>");
    parts.push("</div>");
    return parts.join("");
  }

  function setup(root) {
    if (root.getAttribute("data-ready")) return;
    root.setAttribute("data-ready", "1");
    var form = root.querySelector("#number-check-form");
    var input = root.querySelector("#number-check-input");
    var result = root.querySelector("#number-check-result");
    var fallback = root.querySelector("#number-check-fallback");
    var stringsEl = root.querySelector("#number-check-strings");
    if (!form || !input || !result || !stringsEl) return;
    var t = JSON.parse(stringsEl.textContent);
    var index = null;
    var pending = null;
    var timer = null;
    var last = null;

    form.hidden = false;
    if (fallback) fallback.hidden = true;
    // ?n=NUMBER (the search box links here with the number the reader typed) fills the field in.
    var given = new URLSearchParams(location.search).get("n");
    if (given && !input.value) {
      input.value = given;
      pending = "force";
    }

    function show(status, ids, html) {
      result.setAttribute("data-status", status);
      result.setAttribute("data-ids", ids);
      result.innerHTML = html;
    }

    function check(force) {
      clearTimeout(timer);
      var parsed = parse(input.value);
      var key = parsed.whole + "|" + parsed.runs.join("|");
      if (!force && key === last) return;
      if (parsed.digits.length < 3) {
        last = null;
        if (force && parsed.digits.length) {
          // Too short to be a number on the list: say so rather than stay silent.
          show("unknown", "", "<p>" + esc(fill(t.unknown, { number: parsed.whole })) + "</p><p>" + esc(t.unknownHelp) + "</p>");
        } else {
          show("", "", "");
        }
        return;
      }
      if (!index) {
        pending = force ? "force" : "input";
        if (!result.getAttribute("data-status")) result.innerHTML = "<p>" + esc(t.loading) + "</p>";
        return;
      }
      last = key;
      var hit = lookup(index, parsed);
      var found = hit.entries;
      if (!found.length && !force && parsed.digits.length < 7) {
        // Still typing: say nothing until the number looks complete (or the reader presses Enter).
        last = null;
        show("", "", "");
        return;
      }
      if (!found.length) {
        show("unknown", "",
          '<p class="kb-checker__summary"><strong>' + esc(fill(t.unknown, { number: hit.shown })) + "</strong></p>" +
          "<p>" + esc(t.unknownHelp) + "</p><p>" + t.verifyHtml + "</p>" + t.reportHtml + "<p>" + t.scammedHtml + "</p>");
        return;
      }
      var names = found.map(function (e) {
        var text = (e.text && e.text[t.lang]) || {};
        return fill(t.nameStatus, { name: text.name, status: t.status[e.status] || e.status });
      }).join("；");
      var summary = found.length === 1
        ? fill(t.foundOne, { number: hit.shown, names: names })
        : fill(t.foundMany, { number: hit.shown, names: names, count: String(found.length) });
      show(
        overallStatus(found, t.caution),
        found.map(function (e) { return e.id; }).join(" "),
        '<p class="kb-checker__summary"><strong>' + esc(summary) + "</strong></p>" +
          found.map(function (e) { return entryHtml(e, t); }).join("") +
          '<p class="kb-checker__warning">' + t.warning + "</p>"
      );
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      check(true);
    });
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(function () { check(false); }, 350);
    });
    input.addEventListener("paste", function () {
      // The pasted text is in the field once this event has finished.
      setTimeout(function () { check(true); }, 0);
    });

    var request = window.fetch
      ? fetch(root.getAttribute("data-src"), { credentials: "same-origin" }).then(function (r) {
          if (!r.ok) throw new Error("HTTP " + r.status);
          return r.json();
        })
      : Promise.reject(new Error("no fetch"));
    request.then(function (data) {
      index = buildIndex(data);
      root.setAttribute("data-loaded", "1");
      if (pending || input.value) check(pending === "force");
    }, function () {
      root.setAttribute("data-loaded", "error");
      show("", "", "<p>" + t.loadError + "</p>");
    });
  }

  // The search box answers a number query with the same lookup (assets/javascripts/search.js).
  window.kbNumberCheck = { parse: parse, lookup: lookup, buildIndex: buildIndex };

  function init() {
    var roots = document.querySelectorAll(".kb-checker");
    for (var i = 0; i < roots.length; i++) setup(roots[i]);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
  // Material's instant navigation (if it is ever turned on) swaps pages without reloading.
  if (window.document$ && window.document$.subscribe) window.document$.subscribe(init);
})();
