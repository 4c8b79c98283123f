/*
 * 淘宝客服指南 · search worker wrapper (see scripts/search_index.py).
 *
 * Material's search worker is loaded only when the first search message arrives, so pages do not
 * download it before the reader searches. Before Material sees a query, the query is rewritten
 * into this site's script with the map built from the index (账户 -> 帳戶 on the zh-Hant site,
 * 帳戶 -> 账户 on the zh-Hans site), and a phone number typed with or without separators is
 * rewritten the way the pages write it.
 *
 * URL parameters: w = Material's worker, m = this language's query map (both relative to here).
 */
(function () {
  "use strict";
  var params = new URL(self.location.href).searchParams;
  var SETUP = 0, QUERY = 2;
  var loaded = false, map = null, longest = 1;

  function loadMap() {
    if (map) return map;
    try {
      importScripts(params.get("m"));
      map = self.KB_QUERY_MAP || {};
    } catch (err) {
      map = {};
    }
    map.words = map.words || {}; map.chars = map.chars || {}; map.numbers = map.numbers || {};
    for (var key in map.words) longest = Math.max(longest, key.length);
    return map;
  }

  function convert(query) {
    var m = loadMap();
    var text = query.normalize("NFKC").replace(/[\u00ad\u180e\u200b-\u200f\u2060-\u2064\ufeff]/g, "");
    var digits = text.replace(/[\s\-.()（）\/+]/g, "");
    if (/^\d{3,}$/.test(digits)) {
      var number = m.numbers[digits] || m.numbers[digits.replace(/^00/, "")];
      if (number) return number;
    }
    var out = "";
    for (var i = 0; i < text.length;) {
      var hit = null;
      for (var n = Math.min(longest, text.length - i); n > 1 && !hit; n--) {
        var piece = text.substr(i, n);
        if (Object.prototype.hasOwnProperty.call(m.words, piece)) hit = [piece, m.words[piece]];
      }
      if (hit) { out += hit[1]; i += hit[0].length; continue; }
      var ch = text.charAt(i);
      out += Object.prototype.hasOwnProperty.call(m.chars, ch) ? m.chars[ch] : ch;
      i += 1;
    }
    return out;
  }

  self.kbConvertQuery = convert;

  addEventListener("message", function (ev) {
    var message = ev.data;
    if (!message) return;
    if (message.type === QUERY && typeof message.data === "string" && !message.kbConverted) {
      message.data = convert(message.data);
      message.kbConverted = true;
    }
    if (!loaded) {
      /* Load Material's worker now, then hand it the message it missed. */
      loaded = true;
      importScripts(params.get("w"));
      ev.stopImmediatePropagation();
      dispatchEvent(new MessageEvent("message", { data: message }));
    }
  });
})();
