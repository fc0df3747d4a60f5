/* vlavirgem report site: the search box.  Plain JavaScript, no requests to other hosts.
 *
 * The index (zoekindex.js, the same data as zoekindex.json) is loaded as a script the first time the
 * box is used, so that it also works when the site is opened from disk (file://).  Without
 * JavaScript the form goes to zoeken.html, which lists everything.
 *
 * What an entry can be found by is in the index (its name, its kind and its keys: NIS code, KBO
 * number, id, former names, ...), and so is the order among equal matches (what exists today first).
 * This script only folds (case, accents) and matches, and ranks how well the query fits.
 */
(function () {
  "use strict";

  var LIMIT = 12;
  var form = document.querySelector("form.search");
  if (!form) { return; }
  var root = form.getAttribute("data-root") || "./";
  var input = form.querySelector("input[type=search]");
  var list = document.getElementById("zoekresultaten");
  var status = document.getElementById("zoekstatus");
  var index = null;
  var waiting = [];

  /* as the index is compared (pages/search.py says the same): lowercase, no accents, dots between
     digits dropped (KBO 0697.608.162), every run of other characters than letters and digits one space */
  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/(\d)\.(?=\d)/g, "$1").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function prepare(entry) {
    var name = fold(entry.name);
    var kind = fold(entry.kind);
    var keys = (entry.keys || []).map(fold);
    var all = [name, kind].concat(keys).join("\n");
    return { entry: entry, name: name, kind: kind, keys: keys, all: all, starts: " " + all.replace(/\n/g, " ") };
  }

  function ready(then) {
    if (index) { then(); return; }
    waiting.push(then);
    if (waiting.length > 1) { return; }
    var done = function () {
      index = (window.vlavirgemZoekindex || []).map(prepare);
      waiting.splice(0).forEach(function (callback) { callback(); });
    };
    if (window.vlavirgemZoekindex) { done(); return; }
    var script = document.createElement("script");
    script.src = root + "zoekindex.js";
    script.onload = done;
    script.onerror = done;  /* no index: nothing is found, and the form goes to zoeken.html */
    document.head.appendChild(script);
  }

  /* how well the query fits: its name (or kind and name), a whole key, the start of its name,
     the start of words, anywhere; -1 when a word is missing */
  function rank(item, whole, words) {
    if (!words.every(function (word) { return item.all.indexOf(word) !== -1; })) { return -1; }
    if (whole === item.name || whole === item.kind + " " + item.name || whole === item.name + " " + item.kind) {
      return 0;
    }
    if (item.keys.indexOf(whole) !== -1) { return 1; }
    if (item.name.indexOf(whole) === 0) { return 2; }
    var atStart = words.every(function (word) { return item.starts.indexOf(" " + word) !== -1; });
    return atStart ? 3 : 4;
  }

  /* every entry the query fits, best first; among equals in the index's order */
  function find(query) {
    var whole = fold(query);
    var words = whole.split(" ").filter(Boolean);
    if (!words.length) { return []; }
    var found = [];
    index.forEach(function (item, at) {
      var fit = rank(item, whole, words);
      if (fit !== -1) { found.push({ entry: item.entry, fit: fit, at: at }); }
    });
    found.sort(function (a, b) { return a.fit - b.fit || a.at - b.at; });
    return found.map(function (ranked) { return ranked.entry; });
  }

  function counted(number) {
    return number === 0 ? "Geen resultaten" : number === 1 ? "1 resultaat" : number + " resultaten";
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
  }

  function show(query) {
    list.textContent = "";
    if (!query.trim()) { close(); status.textContent = ""; filterPage(""); return; }
    var found = find(query);
    found.slice(0, LIMIT).forEach(function (entry) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = root + entry.url;
      link.textContent = entry.name;
      var kind = document.createElement("span");
      kind.className = "kind";
      kind.textContent = entry.kind + (entry.detail ? " · " + entry.detail : "");
      link.appendChild(kind);
      item.appendChild(link);
      list.appendChild(item);
    });
    if (!found.length) {
      var none = document.createElement("li");
      none.className = "no-results";
      none.textContent = "Geen resultaten";
      list.appendChild(none);
    }
    list.hidden = false;
    status.textContent = counted(found.length) + (found.length > LIMIT ? ", de eerste " + LIMIT + " getoond" : "");
    filterPage(query);
  }

  /* zoeken.html lists everything; a query filters that list, with the matches per kind in the headings */
  function filterPage(query) {
    var page = document.getElementById("zoeklijst");
    if (!page) { return; }
    var everything = !query.trim();
    var wanted = {};
    var found = everything ? [] : find(query);
    found.forEach(function (entry) { wanted[entry.url] = true; });
    page.querySelectorAll("section").forEach(function (section) {
      var shown = 0;
      section.querySelectorAll("li").forEach(function (item) {
        var link = item.querySelector("a");
        var match = everything || (link !== null && wanted[link.getAttribute("href")] === true);
        item.hidden = !match;
        shown += match ? 1 : 0;
      });
      section.hidden = shown === 0;
      var count = section.querySelector(".count");
      if (count) {
        var total = count.getAttribute("data-total");
        count.textContent = everything ? "(" + total + ")" : "(" + shown + " van " + total + ")";
      }
    });
    var outcome = document.getElementById("zoekuitslag");
    var nothing = document.getElementById("zoekleeg");
    if (outcome) {
      outcome.hidden = everything || !found.length;
      outcome.textContent = everything ? "" : counted(found.length) + " voor \u2018" + query.trim() + "\u2019";
    }
    if (nothing) {
      nothing.hidden = everything || found.length > 0;
      var term = document.getElementById("zoekleeg-term");
      if (term) { term.textContent = query.trim(); }
    }
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a"));
  }

  input.addEventListener("focus", function () { ready(function () {}); });
  input.addEventListener("input", function () {
    var query = input.value;
    ready(function () { show(query); });
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown" && links().length) {
      event.preventDefault();
      links()[0].focus();
    } else if (event.key === "Escape") {
      close();
    }
  });
  list.addEventListener("keydown", function (event) {
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "ArrowDown" && at < all.length - 1) {
      event.preventDefault();
      all[at + 1].focus();
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      if (at > 0) { all[at - 1].focus(); } else { input.focus(); }
    } else if (event.key === "Escape") {
      close();
      input.focus();
    }
  });
  /* Enter in the box: the best match's page; with no match, zoeken.html says so */
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value;
    ready(function () {
      var best = find(query)[0];
      if (best) { window.location.href = root + best.url; } else { form.submit(); }
    });
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) { close(); }
  });

  var query = new URLSearchParams(window.location.search).get("q");
  if (query && document.getElementById("zoeklijst")) {
    input.value = query;
    ready(function () { filterPage(query); });
  }
}());
