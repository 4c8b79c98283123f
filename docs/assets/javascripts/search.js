/* 淘宝客服指南 · the search box (overrides/partials/search.html), on Pagefind.
 *
 * Why this file exists: Material's own search is off (its index cannot hold both scripts per
 * language without patching the theme). This script drives Material's search markup and CSS
 * with Pagefind's JS API, which it imports only when the reader opens search.
 *
 * - Keys: "/" or "s" opens, arrows move between the box and the results, Enter opens the
 *   selected (or first) result, Esc closes.
 * - Queries lose question scaffolding and particles first (请问…, …是多少, …怎么办, 吗, 呢 …).
 *   Chinese is searched as encoded character pairs, exactly as scripts/kb/search/
 *   pagefind_index.py indexed it (pairToken must match pair_token there). Both scripts are in
 *   the index (OpenCC at build time), so nothing is translated here.
 * - A question of four words or more (a story: 买的冰箱到货发现侧面凹了一块…) is not asked
 *   for all its words at once: a side word would pick a page that mentions it in passing. Each
 *   word is searched on its own, and the pages that hold most of the question come first.
 * - A typing slip (店话 for 电话: a pair on no page that sounds like a word of the site) is read
 *   as the word, and the result count says so (assets/javascripts/slips.js, loaded with the index).
 * - A number (digits with separators) is searched as digits, the way the index holds it.
 * - No result: the way on (a human agent, the number checker, the FAQ index); for a number, the
 *   checker's own answer (assets/javascripts/number-check.js, window.kbNumberCheck).
 * - Results link with ?h=the matched words; on the target page those words are highlighted.
 */
(function () {
  "use strict";

  var ALT = /\u2e22[^\u2e23]*(\u2e23|$)|^[^\u2e22]*\u2e23/g; // text added for searching (pagefind_index.py)
  var HEAD = /^(请问|請問|到底|究竟|點解|点解|點樣|点样|我想问|我想問|想问|想問|问下|問下|问一下|問一下|怎么样|怎麼樣|怎么|怎麼|怎样|怎樣|如何|为什么|為什麼|为啥|為啥|能不能|可不可以|可以|有没有|有沒有)+/;
  var TAIL = /(點算好|點算|点算|點辦|好唔好|係唔係|得唔得|可唔可以|係咪|系咪|幾多|咩|啦|喎|㗎|是多少号|是多少號|是多少|是几号|是幾號|几号|幾號|多少|怎么办|怎麼辦|怎么弄|怎麼弄|怎么处理|怎麼處理|怎么回事|怎麼回事|可以吗|可以嗎|能吗|能嗎|行吗|行嗎|好吗|好嗎|是真的吗|是真的嗎|吗|嗎|么|麼|呢|啊|阿|呀|吧|了|的|哦|喔|嘛)+$/;
  var PUNCT = /[\s!-\/:-@\[-`{-~\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’…—·]+/g;
  var FILLER = /(是不是|接到|说要|說要|係唔係|知道|嚟|到底|究竟|一下|點解|点解|點樣|点样|唔|冇|咗|嘅|喺|俾|啲|一直|还是|還是|可以|哪些|什么|什麼|为什么|為什麼|不用|怎么|怎麼|已经|已經|我的|要|有|里|裡|能|会|會|我|是|在|还|還|都|就|给|給|把|了|的)/g;
  // Pagefind's ranking, measured on tests/search_queries.yml: long pages (the scam catalogue,
  // the FAQ pages) must not lose to short ones that mention a word in passing.
  var RANKING = { pageLength: 0.1, termFrequency: 1.0, termSaturation: 2.0, termSimilarity: 1.0 };
  var FIRST = 3, SHOWN = 10; // results drawn at once, and in all (each loads one page record)
  var HAN2 = /[\u3400-\u9fff\uf900-\ufaff]{2,}/g;
  var HAN1 = /[\u3400-\u9fff\uf900-\ufaff]/g;
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
  var loading = null, seq = 0, checker = null, sounds = null;

  function load() {
    if (!loading) {
      if (!input.value) meta.textContent = t.initializer;
      // The slip reader and its table come with the index (if either fails, no slip is read).
      var table = Promise.all([
        fetch(new URL("sounds.json", bundle).href).then(function (r) { return r.ok ? r.json() : null; }),
        script("slips.js")
      ]).then(function (both) {
        return both[0] && window.kbSlips ? window.kbSlips.prepare(both[0]) : null;
      }, function () { return null; });
      loading = Promise.all([import(bundle.href).then(function (pf) {
        return pf.options({ baseUrl: new URL("../", bundle).pathname, excerptLength: 30, ranking: RANKING }).then(function () {
          return pf.init();
        }).then(function () {
          return pf;
        });
      }), table]).then(function (both) {
        sounds = both[1];
        if (!input.value) meta.textContent = t.placeholder;
        return both[0];
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

  /* Q with its typing slips read as the site's words (assets/javascripts/slips.js), and the
     pairs read ([typed, word]). */
  function soundFix(q) {
    var changes = sounds ? window.kbSlips.read(q.replace(FILLER, " "), sounds) : [];
    changes.forEach(function (c) { q = q.split(c[0]).join(c[1]); });
    return { q: q, changes: changes };
  }

  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* The page's own text (what Pagefind holds, without the added pairs and segmentation marks). */
  function visible(content) {
    return String(content || "").replace(ALT, " ").replace(/\u200b/g, "").replace(/\s+/g, " ");
  }

  /* An excerpt of TEXT around the first of the query's pairs (or words), with them marked;
     and the marked words, for ?h= on the target page. */
  function excerpt(text, query) {
    var marks = [], i, at = -1;
    var pairs = pairsOf(query), others = query.replace(HAN2, " ").split(/\s+/).filter(function (w) { return w.length > 1; });
    for (i = 0; i < text.length; i++) {
      if (pairs.indexOf(text.substr(i, 2)) >= 0) { marks[i] = marks[i + 1] = true; if (at < 0) at = i; }
    }
    others.forEach(function (w) {
      var k = text.toLowerCase().indexOf(w.toLowerCase());
      while (k >= 0) {
        for (var j = k; j < k + w.length; j++) marks[j] = true;
        if (at < 0 || k < at) at = k;
        k = text.toLowerCase().indexOf(w.toLowerCase(), k + w.length);
      }
    });
    var start = Math.max(0, at - 24), end = Math.min(text.length, start + 110);
    var html = start > 0 ? "…" : "", words = [], run = "";
    for (i = start; i < end; i++) {
      if (marks[i] && !marks[i - 1] || (marks[i] && i === start)) html += "<mark>";
      html += esc(text.charAt(i));
      if (marks[i]) run += text.charAt(i);
      if (marks[i] && (!marks[i + 1] || i === end - 1)) {
        html += "</mark>";
        if (words.indexOf(run) < 0) words.push(run);
        run = "";
      }
    }
    return { html: html + (end < text.length ? "…" : ""), words: words };
  }

  /* The text of each section of a page: from its heading to the next one. */
  function sectionTexts(data) {
    var text = visible(data.content), heads = (data.anchors || []).filter(function (a) { return /^h[1-6]$/i.test(a.element); });
    var out = {}, from = 0, starts = [];
    heads.forEach(function (a) {
      var k = text.indexOf(a.text, from);
      if (k >= 0) { starts.push([a.id, k, a.text]); from = k + a.text.length; }
    });
    // Each section's text without its own heading, which the result already shows as a title.
    function body(from, to, title) {
      return text.slice(from + title.length, to).replace(/^[.\s]+/, "");
    }
    starts.forEach(function (s, n) {
      out[s[0]] = body(s[1], n + 1 < starts.length ? starts[n + 1][1] : text.length, s[2]);
    });
    out[""] = starts.length ? body(starts[0][1], starts.length > 1 ? starts[1][1] : text.length, starts[0][2]) : text;
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

  /* The sections (h2–h6) of a page that hold any of a story's character pairs or other words,
     each scored by the ones it holds (its heading included), a pair that most sections hold
     (客服 on a page about customer service) counting least. */
  function storySections(data, texts, query) {
    var words = pairsOf(query).concat(others(query).map(function (w) { return w.toLowerCase(); }));
    var sections = (data.anchors || []).filter(function (a) {
      return /^h[2-6]$/i.test(a.element) && a.id;
    }).map(function (a) {
      var text = (a.text + " " + (texts[a.id] || "")).toLowerCase();
      return { url: data.url + "#" + a.id, title: a.text, anchor: a, held: words.filter(function (w) { return text.indexOf(w) >= 0; }) };
    });
    var df = {};
    sections.forEach(function (sec) { sec.held.forEach(function (w) { df[w] = (df[w] || 0) + 1; }); });
    return sections.filter(function (sec) { return sec.held.length; }).map(function (sec) {
      sec.score = sec.held.reduce(function (sum, w) { return sum + Math.log(1 + sections.length / df[w]); }, 0);
      return sec;
    });
  }

  /* One result as Material draws it: the page, then its best sections (FAQ questions). */
  function item(data, query) {
    var texts = sectionTexts(data);
    function link(url, title, text, level) {
      var ex = excerpt(text || "", query);
      return '<a href="' + esc(withHighlight(url, ex.words)) + '" class="md-search-result__link" tabindex="-1">' +
        article(title, ex.html, level) + "</a>";
    }
    var subs = data.kbStory ? storySections(data, texts, query) : [];
    if (!subs.length) subs = (data.sub_results || []).filter(function (s) { return s.url !== data.url && s.url.indexOf("#") > 0 && s.anchor && s.anchor.element !== "h1"; });
    subs.forEach(function (s, i) {
      s.order = i;
      if (s.score === undefined) s.score = (s.weighted_locations || []).reduce(function (a, w) { return a + w.weight; }, 0);
    });
    subs.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
    var html = '<li class="md-search-result__item">' + link(data.url, data.meta.title, texts[""], 1);
    subs.slice(0, 3).forEach(function (s) {
      html += link(s.url, s.title, texts[s.anchor.id], 2);
    });
    if (subs.length > 3) {
      html += '<details class="md-search-result__more"><summary tabindex="-1"><div>' +
        esc(t.more.replace("#", subs.length - 3)) + "</div></summary>";
      subs.slice(3).forEach(function (s) {
        html += link(s.url, s.title, texts[s.anchor.id], 2);
      });
      html += "</details>";
    }
    return html + "</li>";
  }

  function pairToken(a, b) {
    var n = (a.charCodeAt(0) * 92821 + b.charCodeAt(0) * 31) % 1679616, out = n.toString(36);
    while (out.length < 4) out = "0" + out;
    return "qj" + out; // TOKEN_PREFIX in pagefind_index.py
  }

  /* The character pairs of every Han run in TEXT, once each (as text, not encoded). */
  function pairsOf(text) {
    var out = [];
    (String(text).match(HAN2) || []).forEach(function (run) {
      for (var i = 0; i + 1 < run.length; i++) {
        if (out.indexOf(run.substr(i, 2)) < 0) out.push(run.substr(i, 2));
      }
    });
    return out;
  }

  /* A Han run of the query cut into words by the browser's own dictionary (Intl.Segmenter):
     退款要多久 → 退款 | 要 | 多久. The pairs across two words (款要, 要多) are rarely on the page
     that answers, so only the pairs inside each word are asked for. A single character between
     words (要, 的, 让) is left out; single characters next to each other stay together
     (小 | 蜜 → 小蜜). Without Intl.Segmenter, the whole run. */
  var SEGMENTER = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;
  function pieces(run) {
    if (!SEGMENTER) return [run];
    var out = [], singles = "";
    Array.from(SEGMENTER.segment(run)).forEach(function (s) {
      if (s.segment.length === 1) { singles += s.segment; return; }
      if (singles.length > 1) out.push(singles);
      singles = "";
      out.push(s.segment);
    });
    if (singles.length > 1) out.push(singles);
    return out.length ? out : [run];
  }

  /* The words Pagefind is asked for the whole phrase: the encoded pairs of every Han run, and
     whatever is not a Han run as typed. A Han character on its own (點 once 了 is dropped) is
     no word of the index: left out. */
  function encode(q) {
    return unique(pairTokens(q).concat(others(q)));
  }

  /* The encoded pairs of every Han run in TEXT. */
  function pairTokens(text) {
    return pairsOf(text).map(function (p) { return pairToken(p[0], p[1]); });
  }

  function others(q) {
    return q.replace(HAN2, " ").replace(HAN1, " ").split(/\s+/).filter(Boolean);
  }

  function unique(list) {
    return list.filter(function (x, i) { return list.indexOf(x) === i; });
  }

  /* The words of Q for the word-level search, each as a list of index words: the encoded pairs
     inside one word of the browser's dictionary (pieces), or a word that is not a Han run. */
  function wordGroups(q) {
    var out = [], keys = {};
    function add(tokens) {
      var k = tokens.join(" ");
      if (tokens.length && !keys[k]) { keys[k] = true; out.push(tokens); }
    }
    (q.match(HAN2) || []).forEach(function (run) {
      pieces(run).forEach(function (piece) {
        // Single characters put together (跟客服講不: the dictionary knows none of it as a word)
        // are no word a page holds whole: each of their pairs is a word of its own.
        var glued = piece.length > 2 && SEGMENTER && Array.from(SEGMENTER.segment(piece)).length > 1;
        if (glued) pairTokens(piece).forEach(function (token) { add([token]); });
        else add(pairTokens(piece));
      });
    });
    others(q).forEach(function (w) { add([w]); });
    return out;
  }

  /* Pagefind returns only pages that hold every word. A question that finds fewer than three
     pages is tried again without its filler words, and then any page holding any of its
     character pairs follows, ranked by summed scores. */
  /* The index never changes while the page is open: a search or a page record asked for once
     is kept. Typing a question asks the same words again and again (被骗了怎么 and 被骗了怎么办
     are both 被骗 once the particles are gone). */
  var searches = {}, finds = {};
  function search(pf, words) {
    if (!searches[words]) {
      searches[words] = pf.search(words);
      searches[words].catch(function () { delete searches[words]; }); // a failed fetch is retried
    }
    return searches[words];
  }

  function record(r) {
    return r.kbData || (r.kbData = r.data());
  }

  function find(pf, q) {
    if (!finds[q]) {
      finds[q] = findNew(pf, q);
      finds[q].catch(function () { delete finds[q]; });
    }
    return finds[q];
  }

  /* The query the box shows now (cleaned). A query that is no longer it asks Pagefind for
     nothing more (a search already asked for cannot be called back): the next one goes first. */
  var current = null, STALE = new Error("stale query");
  function goOn(q) {
    return function (value) {
      if (q !== current) throw STALE;
      return value;
    };
  }

  function findNew(pf, q) {
    // A full phone number must match whole: Pagefind would otherwise also return pages whose
    // numbers only start the same way (0571…). Short ones (165, 12315) rank better without quotes.
    if (/^\d{8,}$/.test(q)) return search(pf, '"' + q + '"').then(function (s) { return s.results; });
    // A question of LONG words or more is a story with side details: soft() ranks it. Shorter
    // ones get two searches: the pairs inside each word of the query without its filler words,
    // which ranks; and whether each page found also holds the whole phrase, roughly (every pair
    // of the query as typed), which adds a bonus: a page that holds the whole phrase but is about
    // something else (點了釣魚連結 in a story on the scam page) must not push out the page on the
    // topic. The word pairs are a part of the phrase's pairs, so the second search asks only for
    // the pairs the first did not (Pagefind's cost grows with every word asked for).
    var words = encode(q);
    var groups = wordGroups(q.replace(FILLER, " ").replace(/\s+/g, " ").trim());
    var lighter = unique([].concat.apply([], groups));
    var rest = words.filter(function (w) { return lighter.indexOf(w) < 0; });
    if (!lighter.length) return search(pf, words.join(" ")).then(function (s) { return s.results; });
    if (q !== current) return Promise.reject(STALE); // typed past before its turn came
    if (groups.length >= LONG) return soft(pf, groups);
    // (Pagefind leaves out a word that is nowhere in the index, unless all are: so when none of
    // the word pairs is, the pages holding the rest of the phrase are the answer.)
    return search(pf, lighter.join(" ")).then(goOn(q)).then(function (first) {
      var loose = first.results;
      // (One page alone has nothing to be ranked against.)
      var phrase = loose.length !== 1 && rest.length ? search(pf, rest.join(" ")) : Promise.resolve(null);
      return phrase.then(goOn(q)).then(function (whole) {
        var found = loose.length ? rank(loose, whole && whole.results) : (whole ? whole.results : []);
        if (found.length >= 3 || lighter.length < 2) return found;
        return anyOf(pf, loosely(q.replace(FILLER, " "))).then(function (more) {
          var seen = found.map(function (r) { return r.id; });
          return found.concat(more.filter(function (r) { return seen.indexOf(r.id) < 0; }));
        });
      });
    });
  }

  /* A long question (a story with side details): the pages holding any of its words, ranked by
     how much of the question each holds: the sum, over the words it holds, of its score for the
     word against the word's best page. Pages under a SHARE of the best one are left out (a page
     that only shares 淘宝 or 客服 with the story is no answer to it). A page's sections are ranked
     by how much of the story they hold (storySections), not by the word that found the page. */
  var LONG = 4; // words: measured on tests/search_queries.yml (3 and 6 found fewer pages, 5 as many)
  var MOST = 16; // words searched for a pasted paragraph: its first and last eight (one search each)
  var SHARE = 0.5;
  function soft(pf, groups) {
    if (groups.length > MOST) groups = groups.slice(0, MOST / 2).concat(groups.slice(-MOST / 2));
    return Promise.all(groups.map(function (g) { return search(pf, g.join(" ")); })).then(function (all) {
      var by = {}, order = [];
      all.forEach(function (one) {
        var rs = one.results;
        if (!rs.length) return;
        var top = rs[0].score || 1;
        rs.forEach(function (r) {
          if (!by[r.id]) { by[r.id] = { id: r.id, score: 0, words: [] }; order.push(r.id); }
          by[r.id].score += r.score / top;
          by[r.id].words.push(r);
        });
      });
      var pages = order.map(function (id) { return by[id]; }).sort(function (a, b) { return b.score - a.score; });
      return pages.filter(function (page) {
        return page.score >= SHARE * pages[0].score;
      }).map(function (page) {
        page.data = function () {
          return record(page.words[0]).then(function (data) { return Object.assign({ kbStory: true }, data); });
        };
        return page;
      });
    });
  }

  /* RESULTS by score, times PHRASE_BONUS for those that also hold the rest of the phrase (the
     pages of WHOLE; null when the phrase adds nothing to the words, or there is nothing to rank). */
  var PHRASE_BONUS = 1.5;
  function rank(results, whole) {
    if (!whole) return results;
    var inPhrase = {};
    whole.forEach(function (r) { inPhrase[r.id] = true; });
    return results.map(function (r, i) {
      return { r: r, i: i, s: r.score * (inPhrase[r.id] ? PHRASE_BONUS : 1) };
    }).sort(function (a, b) { return b.s - a.s || a.i - b.i; }).map(function (x) { return x.r; });
  }

  /* At most eight words for anyOf (one search each: that is what makes a long question slow):
     the pairs of the Han runs, and the other words as typed. */
  function loosely(q) {
    return encode(q).slice(0, 8);
  }

  /* Pages holding any of WORDS, ranked by their summed scores. */
  function anyOf(pf, words) {
    return Promise.all(words.map(function (w) { return search(pf, w); })).then(function (all) {
      var by = {}, order = [];
      all.forEach(function (one) {
        one.results.forEach(function (r) {
          if (!by[r.id]) { by[r.id] = { r: r, score: 0 }; order.push(r.id); }
          by[r.id].score += r.score;
        });
      });
      return order.map(function (id) { return by[id]; }).sort(function (a, b) {
        return b.score - a.score;
      }).map(function (x) { return x.r; });
    });
  }

  function count(n) {
    return n === 1 ? t.one : t.other.replace("#", n);
  }

  /* "(店话 read as 电话)" after the count, when a slip was read. */
  function readAs(changes) {
    if (!changes.length) return "";
    return t.readAs.replace("{read}", changes.map(function (c) {
      return t.pair.replace("{typed}", c[0]).replace("{word}", c[1]);
    }).join(t.and));
  }

  function render(query, since) {
    var mine = ++seq;
    var q = clean(query);
    current = q;
    if (!q) {
      meta.textContent = t.placeholder;
      list.innerHTML = "";
      results.setAttribute("data-query", query);
      return Promise.resolve();
    }
    var fixed = null;
    return load().then(function (pf) {
      fixed = soundFix(q);
      if (current === q) current = fixed.q;
      q = fixed.q;
      return find(pf, q);
    }).then(function (found) {
      if (mine !== seq) return null;
      return Promise.all(found.slice(0, FIRST).map(record)).then(function (pages) {
        if (mine !== seq) return;
        if (!pages.length) none(query, q, mine);
        else {
          list.innerHTML = pages.map(function (data) { return item(data, q); }).join("");
          meta.textContent = count(found.length) + readAs(fixed.changes);
          more(found.slice(FIRST, SHOWN), q, mine);
        }
        // Tests and the benchmark wait for data-query; data-ms is the time from the key press.
        results.setAttribute("data-ms", since ? (performance.now() - since).toFixed(1) : "");
        results.setAttribute("data-query", query);
      });
    }).catch(function (error) {
      if (error !== STALE) throw error; // a newer query is on its way
    });
  }

  /* The results after the first few, drawn once their records have loaded. */
  function more(rest, q, mine) {
    if (!rest.length) return;
    setTimeout(function () { // not while the reader is still typing
      if (mine !== seq) return;
      Promise.all(rest.map(record)).then(function (pages) {
        if (mine !== seq) return;
        list.insertAdjacentHTML("beforeend", pages.map(function (data) { return item(data, q); }).join(""));
      });
    }, 150);
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
      checker = (window.kbNumberCheck ? Promise.resolve() : script("number-check.js")).then(function () {
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

  /* One of the site's scripts (assets/javascripts/), loaded once. */
  var scripts = {};
  function script(name) {
    if (!scripts[name]) {
      scripts[name] = new Promise(function (resolve, reject) {
        var s = document.createElement("script");
        s.src = new URL(name, new URL(root.getAttribute("data-scripts"), document.baseURI)).href;
        s.onload = resolve;
        s.onerror = reject;
        document.head.appendChild(s);
      });
    }
    return scripts[name];
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
  input.addEventListener("input", function (ev) {
    render(input.value, ev.timeStamp);
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
