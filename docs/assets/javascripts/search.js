/* 淘宝客服指南 · the search box (overrides/partials/search.html), on Pagefind.
 *
 * Why this file exists: Material's own search is off (its index cannot hold both scripts per
 * language without patching the theme). This script drives Material's search markup and CSS
 * with Pagefind's JS API, which it imports only when the reader opens search.
 *
 * - Keys: "/" or "s" opens, arrows move between the box and the results, Enter opens the
 *   selected (or first) result, Esc closes.
 * - Queries lose question scaffolding and particles first (请问…, …是多少, …怎么办, 吗, 呢 …).
 *   Both scripts are in the index (built with OpenCC), so nothing is rewritten here.
 * - A number (digits with separators) is searched as digits, the way the index holds it.
 * - No result: the way on (a human agent, the number checker, the FAQ index); for a number, the
 *   checker's own answer (assets/javascripts/number-check.js, window.kbNumberCheck).
 * - Results link with ?h=the matched words; on the target page those words are highlighted.
 */
(function () {
  "use strict";

  var ALT = /\u2e22[^\u2e23]*(\u2e23|$)|^[^\u2e22]*\u2e23/g; // other-script text (pagefind_index.py)
  var HEAD = /^(请问|請問|我想问|我想問|想问|想問|问下|問下|问一下|問一下|怎么样|怎麼樣|怎么|怎麼|怎样|怎樣|如何|为什么|為什麼|为啥|為啥|能不能|可不可以|可以|有没有|有沒有)+/;
  var TAIL = /(是多少号|是多少號|是多少|是几号|是幾號|几号|幾號|多少|怎么办|怎麼辦|怎么弄|怎麼弄|怎么处理|怎麼處理|怎么回事|怎麼回事|可以吗|可以嗎|能吗|能嗎|行吗|行嗎|好吗|好嗎|是真的吗|是真的嗎|吗|嗎|么|麼|呢|啊|阿|呀|吧|了|的|哦|喔|嘛)+$/;
  var PUNCT = /[\s!-\/:-@\[-`{-~\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·]+/g;
  var FILLER = /(一直|还是|還是|可以|哪些|什么|什麼|为什么|為什麼|不用|怎么|怎麼|已经|已經|我的|要|有|里|裡|能|会|會|我|是|在|还|還|都|就|给|給|把|了|的)/g;
  // Pagefind's ranking, measured on tests/search_queries.yml: long pages (the scam catalogue,
  // the FAQ pages) must not lose to short ones that mention a word in passing.
  var RANKING = { pageLength: 0.3, termFrequency: 1.0, termSaturation: 1.4, termSimilarity: 1.0 };
  var SHOWN = 8; // results drawn (Pagefind loads one fragment per result drawn)
  var PHONE = /^[\d\s\-\u2010-\u2015.()\uff08\uff09+\/]+$/;

  var root = document.querySelector("[data-kb-search]");
  highlight();
  if (!root) return;
  var toggle = document.getElementById("__search");
  var form = root.querySelector("form");
  var input = root.querySelector(".md-search__input");
  var meta = root.querySelector(".md-search-result__meta");
  var list = root.querySelector(".md-search-result__list");
  var results = root.querySelector(".md-search-result");
  var t = JSON.parse(root.querySelector(".kb-search-strings").textContent);
  var bundle = new URL(root.getAttribute("data-bundle"), document.baseURI);
  var loading = null, pagefind = null, seq = 0, checker = null;

  function load() {
    if (!loading) {
      if (!input.value) meta.textContent = t.initializer;
      loading = import(bundle.href).then(function (pf) {
        return pf.options({ baseUrl: new URL("../", bundle).pathname, excerptLength: 30, ranking: RANKING }).then(function () {
          return pf.init();
        }).then(function () {
          pagefind = pf;
          if (!input.value) meta.textContent = t.placeholder;
          return pf;
        });
      });
    }
    return loading;
  }

  /* What is searched for: the words of the question, or a number's digits. */
  function clean(query) {
    var q = String(query || "").normalize("NFKC").replace(/[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g, "").trim();
    if (PHONE.test(q) && q.replace(/\D/g, "").length >= 3) return q.replace(/\D/g, "");
    return q.split(PUNCT).map(function (part) {
      var before;
      do {
        before = part;
        part = part.replace(HEAD, "").replace(TAIL, "");
      } while (part && part !== before);
      return part;
    }).filter(Boolean).join(" ");
  }

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* Pagefind's excerpt without the other script's text; the words it marked. */
  function excerpt(html) {
    var shown = String(html || "").replace(ALT, " ").replace(/\s+/g, " ").trim();
    return shown.replace(/<mark>\s*<\/mark>/g, "");
  }

  function marked(html, out) {
    var re = /<mark>([^<]+)<\/mark>/g, m;
    while ((m = re.exec(String(html || "").replace(ALT, " ")))) {
      if (out.indexOf(m[1]) < 0) out.push(m[1]);
    }
    return out;
  }

  function withHighlight(url, words) {
    if (!words.length) return url;
    var u = new URL(url, location.href);
    u.searchParams.set("h", words.join(" "));
    return u.pathname + u.search + u.hash;
  }

  function article(title, text, level) {
    var tag = level === 1 ? "h1" : "h2";
    return '<article class="md-search-result__article' + (level === 1 ? " md-search-result__article--document" : "") +
      ' md-typeset">' + (level === 1 ? '<div class="md-search-result__icon md-icon"></div>' : "") +
      "<" + tag + ">" + esc(title) + "</" + tag + ">" + (text ? "<p>" + text + "</p>" : "") + "</article>";
  }

  /* One result as Material draws it: the page, then its best sections (FAQ questions). */
  function item(data) {
    var pageWords = marked(data.excerpt, []);
    var subs = (data.sub_results || []).filter(function (s) { return s.url !== data.url && s.url.indexOf("#") > 0; });
    subs.forEach(function (s, i) { s.order = i; s.score = (s.weighted_locations || []).reduce(function (a, w) { return a + w.weight; }, 0); });
    subs.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    var top = subs.slice(0, 3);
    var html = '<li class="md-search-result__item">';
    html += '<a href="' + esc(withHighlight(data.url, pageWords)) + '" class="md-search-result__link" tabindex="-1">' +
      article(data.meta.title, excerpt(data.excerpt), 1) + "</a>";
    top.forEach(function (s) {
      html += '<a href="' + esc(withHighlight(s.url, marked(s.excerpt, []))) + '" class="md-search-result__link" tabindex="-1">' +
        article(s.title, excerpt(s.excerpt), 2) + "</a>";
    });
    if (subs.length > top.length) {
      html += '<details class="md-search-result__more"><summary tabindex="-1"><div>' +
        esc(t.more.replace("#", subs.length - top.length)) + "</div></summary>";
      subs.slice(3).forEach(function (s) {
        html += '<a href="' + esc(withHighlight(s.url, marked(s.excerpt, []))) + '" class="md-search-result__link" tabindex="-1">' +
          article(s.title, excerpt(s.excerpt), 2) + "</a>";
      });
      html += "</details>";
    }
    return html + "</li>";
  }

  /* Pagefind returns only pages that hold every word. A long question that finds nothing is
     tried again without its filler words, then word by word (pieces of two characters), the
     pages ranked by their summed scores. */
  function find(pf, q) {
    return pf.search(q).then(function (search) {
      if (search.results.length) return search.results;
      var lighter = q.replace(FILLER, " ").replace(/\s+/g, " ").trim();
      return (lighter && lighter !== q ? pf.search(lighter) : Promise.resolve({ results: [] })).then(function (again) {
        if (again.results.length) return again.results;
        var pieces = (lighter || q).split(" ").reduce(function (out, part) {
          if (/^[\u3400-\u9fff]{3,}$/.test(part)) {
            for (var i = 0; i < part.length; i += 2) out.push(part.slice(i, i + 2));
          } else out.push(part);
          return out;
        }, []).filter(function (p) { return p.length > 1; });
        if (pieces.length < 2) return [];
        return Promise.all(pieces.map(function (p) { return pf.search(p); })).then(function (all) {
          var by = {}, order = [];
          all.forEach(function (one) {
            one.results.forEach(function (r) {
              if (!by[r.id]) { by[r.id] = { r: r, score: 0, hits: 0 }; order.push(r.id); }
              by[r.id].score += r.score;
              by[r.id].hits += 1;
            });
          });
          return order.map(function (id) { return by[id]; }).sort(function (a, b) {
            return b.hits - a.hits || b.score - a.score;
          }).map(function (x) { return x.r; });
        });
      });
    });
  }

  function count(n) {
    return n === 1 ? t.one : t.other.replace("#", n);
  }

  function render(query) {
    var mine = ++seq;
    var q = clean(query);
    if (!q) {
      meta.textContent = t.placeholder;
      list.innerHTML = "";
      results.setAttribute("data-query", query);
      return Promise.resolve();
    }
    return load().then(function (pf) {
      return find(pf, q);
    }).then(function (found) {
      if (mine !== seq) return null;
      return Promise.all(found.slice(0, SHOWN).map(function (r) { return r.data(); })).then(function (pages) {
        if (mine !== seq) return;
        if (!pages.length) none(query, q, mine);
        else {
          list.innerHTML = pages.map(item).join("");
          meta.textContent = count(found.length);
        }
        results.setAttribute("data-query", query); // tests and the benchmark wait for this
      });
    });
  }

  /* No result: the way on, and the number checker's answer when the query is a number. */
  function none(query, q, mine) {
    var digits = /^\d+$/.test(q) ? q : "";
    var verify = root.getAttribute("data-verify") + (digits ? "?n=" + encodeURIComponent(query.trim()) : "");
    var links = [
      [root.getAttribute("data-human"), t.human],
      [verify, t.checker],
      [root.getAttribute("data-faq"), t.faq]
    ];
    var html = links.map(function (l) {
      return '<li class="md-search-result__item kb-search-way"><a href="' + esc(l[0]) + '" class="md-search-result__link" tabindex="-1">' +
        article(l[1], "", 2) + "</a></li>";
    }).join("");
    meta.textContent = t.none + "。" + t.wayOn;
    list.innerHTML = '<li class="md-search-result__item kb-search-way kb-search-answer" hidden></li>' + html;
    if (digits) numberAnswer(query, mine);
  }

  function numberAnswer(query, mine) {
    if (!checker) {
      checker = new Promise(function (resolve, reject) {
        if (window.kbNumberCheck) return resolve();
        var s = document.createElement("script");
        s.src = root.getAttribute("data-checker");
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      }).then(function () {
        return fetch(root.getAttribute("data-channels")).then(function (r) { return r.json(); });
      }).then(function (data) {
        return window.kbNumberCheck.buildIndex(data);
      });
    }
    checker.then(function (index) {
      if (mine !== seq) return;
      var api = window.kbNumberCheck, lang = root.getAttribute("data-lang");
      var hit = api.lookup(index, api.parse(query));
      var names = hit.entries.map(function (e) {
        var text = (e.text && e.text[lang]) || {};
        return text.name + "（" + (t.status[e.status] || e.status) + "）";
      }).join("；");
      var says = hit.entries.length ? t.numberFound.replace("{names}", names) : t.numberUnknown;
      var li = list.querySelector(".kb-search-answer");
      if (!li) return;
      li.setAttribute("data-status", hit.entries.length ? hit.entries[0].status : "unknown");
      li.innerHTML = '<a href="' + esc(root.getAttribute("data-verify") + "?n=" + encodeURIComponent(query.trim())) +
        '" class="md-search-result__link" tabindex="-1">' +
        article(says.replace("{number}", hit.shown || query.trim()), esc(t.numberMore), 2) + "</a>";
      li.hidden = false;
    }, function () { /* the way-on links are still there */ });
  }

  /* --- opening, closing, keys --- */

  function isOpen() {
    return toggle && toggle.checked;
  }

  function open() {
    if (toggle && !toggle.checked) toggle.checked = true;
    load();
    if (document.activeElement !== input) {
      input.focus();
      input.select();
    }
  }

  function close() {
    if (toggle) toggle.checked = false;
    input.blur();
  }

  function focusables() {
    return [input].concat(Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link")).filter(function (a) {
      return a.offsetParent !== null;
    }));
  }

  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked) open();
    });
  }
  input.addEventListener("focus", function () {
    if (toggle && !toggle.checked) toggle.checked = true;
    load();
  });
  input.addEventListener("input", function () {
    render(input.value);
  });
  form.addEventListener("reset", function () {
    setTimeout(function () { render(""); input.focus(); }, 0);
  });
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var first = list.querySelector(".md-search-result__link");
    if (first) first.click();
  });
  list.addEventListener("click", function (ev) {
    var a = ev.target.closest && ev.target.closest("a");
    if (a && a.hash && a.pathname === location.pathname) close();
  });

  document.addEventListener("keydown", function (ev) {
    if (ev.metaKey || ev.ctrlKey || ev.altKey || ev.isComposing) return;
    var el = document.activeElement;
    var typing = el && (el.isContentEditable || /^(input|textarea|select)$/i.test(el.tagName)) && el !== input;
    if (!isOpen()) {
      if (!typing && (ev.key === "/" || ev.key === "s" || ev.key === "S")) {
        ev.preventDefault();
        open();
      }
      return;
    }
    if (ev.key === "Escape") {
      ev.preventDefault();
      close();
    } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      var items = focusables(), at = items.indexOf(el);
      if (items.length < 2) return;
      ev.preventDefault();
      at = ev.key === "ArrowDown" ? Math.min(at + 1, items.length - 1) : Math.max(at - 1, 0);
      items[at].focus();
    } else if (ev.key === "Enter" && el === input) {
      ev.preventDefault();
      var first = list.querySelector(".md-search-result__link");
      if (first) first.click();
    } else if (el !== input && ev.key.length === 1 && !typing) {
      input.focus(); // typing while a result is focused goes on in the box
    }
  });

  var initial = new URLSearchParams(location.search).get("q");
  if (initial) {
    input.value = initial;
    open();
    render(initial);
  }

  /* --- highlight on the page a result led to: ?h=word word --- */

  function highlight() {
    var words = (new URLSearchParams(location.search).get("h") || "").split(/\s+/).filter(function (w) { return w.length > 0; });
    var scope = document.querySelector("article.md-content__inner");
    if (!words.length || !scope) return;
    words.sort(function (a, b) { return b.length - a.length; });
    var re = new RegExp(words.map(function (w) { return w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|"), "gi");
    var walker = document.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var p = node.parentNode;
        if (!p || /^(script|style|mark|svg|textarea)$/i.test(p.nodeName) || p.closest(".headerlink")) return NodeFilter.FILTER_REJECT;
        re.lastIndex = 0;
        return re.test(node.nodeValue) ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_SKIP;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    nodes.forEach(function (node) {
      var text = node.nodeValue, frag = document.createDocumentFragment(), last = 0, m;
      re.lastIndex = 0;
      while ((m = re.exec(text))) {
        frag.appendChild(document.createTextNode(text.slice(last, m.index)));
        var mark = document.createElement("mark");
        mark.setAttribute("data-md-highlight", "");
        mark.textContent = m[0];
        frag.appendChild(mark);
        last = m.index + m[0].length;
      }
      frag.appendChild(document.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(frag, node);
    });
  }
})();
