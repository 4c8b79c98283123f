/* 淘宝客服指南 · typing slips in a search query, loaded by search.js when the reader opens search.
 *
 * Readers type Chinese with an input method that offers every character that sounds alike; a
 * wrong pick gives a pair that no page holds (店话 for 电话, 人公 for 人工, 聯洛 for 聯絡), and the
 * search loses that word. read() finds such pairs and the word of the site each was meant to be:
 * a word that sounds the same and differs in one character. The table (sounds.json beside each
 * language's Pagefind bundle) and what each of its parts means: scripts/kb/search/sounds.py,
 * whose known pairs mirror the rules here.
 *
 * A pair is read as a word only if
 * - the browser's dictionary (Intl.Segmenter) leaves it as two lone characters (a word it knows,
 *   地址打錯's 打錯 or 補繳, is no slip; so 電化, a word too, stays as typed);
 * - neither the site nor the dictionary holds it as a word (补缴 stays, though the site has 补交);
 * - the character that changes is no grammar character (又關店 is no 有關) and no half of a
 *   word with its other neighbour;
 * and of the words it could be, the one the site uses most is taken.
 *
 * window.kbSlips = { prepare(table) → the table ready for read, read(text, prepared) →
 * [[typed pair, word], …] in the order they appear }. Without Intl.Segmenter: no slip is read.
 */
(function () {
  "use strict";

  var HAN2 = /[\u3400-\u9fff\uf900-\ufaff]{2,}/g;
  var SEGMENTER = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("zh", { granularity: "word" }) : null;

  function push(map, key, value) {
    (map[key] = map[key] || []).push(value);
  }

  function prepare(table) {
    var syl = {}, sounds = {}, rank = {}, known = {}, keep = {};
    Object.keys(table.syl).forEach(function (s) {
      Array.from(table.syl[s]).forEach(function (ch) { push(syl, ch, s); });
    });
    // Each word under its first character and second syllable, and its first syllable and second
    // character: 电话 under 电|hua and dian|话.
    table.words.split(" ").forEach(function (w, i) {
      if (rank[w] !== undefined || w.length !== 2) return;
      rank[w] = i;
      var said = [0, 1].map(function (j) { // its characters' most used readings
        var ch = w.charAt(j);
        return table.main[ch] || (syl[ch] || [""])[0];
      });
      push(sounds, w.charAt(0) + "|" + said[1], w);
      push(sounds, said[0] + "|" + w.charAt(1), w);
    });
    for (var i = 0; i + 1 < table.known.length; i += 2) known[table.known.substr(i, 2)] = true;
    Array.from(table.keep).forEach(function (ch) { keep[ch] = true; });
    return { syl: syl, sounds: sounds, rank: rank, known: known, keep: keep };
  }

  function readRun(run, t, out) {
    var lone = [], at = 0;
    Array.from(SEGMENTER.segment(run)).forEach(function (seg) {
      var n = seg.segment.length;
      for (var j = 0; j < n; j++) lone[at + j] = n === 1;
      at += n;
    });
    var chars = run.split("");
    for (var i = 0; i + 1 < chars.length; i++) {
      var a = chars[i], b = chars[i + 1], p = a + b, best = null;
      if (!(lone[i] && lone[i + 1]) || t.rank[p] !== undefined || t.known[p]) continue;
      var consider = function (key) {
        (t.sounds[key] || []).forEach(function (w) {
          if (best === null || t.rank[w] < t.rank[best]) best = w;
        });
      };
      if (!t.keep[b] && t.rank[b + (chars[i + 2] || "")] === undefined) {
        (t.syl[b] || []).forEach(function (s) { consider(a + "|" + s); });
      }
      if (!t.keep[a] && t.rank[(chars[i - 1] || "") + a] === undefined) {
        (t.syl[a] || []).forEach(function (s) { consider(s + "|" + b); });
      }
      if (best !== null) {
        out.push([p, best]);
        chars[i] = best.charAt(0);
        chars[i + 1] = best.charAt(1);
      }
    }
  }

  function read(text, t) {
    var out = [];
    if (!SEGMENTER || !t) return out;
    (String(text).match(HAN2) || []).forEach(function (run) { readRun(run, t, out); });
    return out;
  }

  window.kbSlips = { prepare: prepare, read: read };
})();
