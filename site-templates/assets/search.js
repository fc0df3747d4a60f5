/* vlavirgem report site: the search box.  Plain JavaScript, no requests to other hosts.
 *
 * The index (zoekindex.js, the same data as zoekindex.json) is loaded as a script the first time the
 * box is used, so that it also works when the site is opened from disk (file://).  Without
 * JavaScript the form goes to zoeken.html, which lists everything.
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

  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function ready(then) {
    if (index) { then(); return; }
    waiting.push(then);
    if (waiting.length > 1) { return; }
    var done = function () {
      index = (window.vlavirgemZoekindex || []).map(function (entry) {
        return { entry: entry, key: fold(entry.name) };
      });
      waiting.splice(0).forEach(function (callback) { callback(); });
    };
    if (window.vlavirgemZoekindex) { done(); return; }
    var script = document.createElement("script");
    script.src = root + "zoekindex.js";
    script.onload = done;
    script.onerror = function () { index = []; waiting.splice(0); };
    document.head.appendChild(script);
  }

  function find(query) {
    var words = fold(query).split(/\s+/).filter(Boolean);
    if (!words.length) { return []; }
    var found = index.filter(function (item) {
      return words.every(function (word) { return item.key.indexOf(word) !== -1; });
    });
    var whole = words.join(" ");
    var rank = function (key) {  /* the whole name, its start, the start of a word in it, elsewhere */
      if (key === whole) { return 0; }
      if (key.indexOf(whole) === 0) { return 1; }
      return (" " + key.replace(/[^a-z0-9]+/g, " ")).indexOf(" " + words[0]) !== -1 ? 2 : 3;
    };
    found = found.map(function (item, at) { return { item: item, rank: rank(item.key), at: at }; });
    found.sort(function (a, b) { return a.rank - b.rank || a.at - b.at; });
    found = found.map(function (ranked) { return ranked.item; });
    return found.map(function (item) { return item.entry; });
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
  }

  function show(query) {
    var found = find(query);
    list.textContent = "";
    if (!query.trim()) { close(); status.textContent = ""; return; }
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
    status.textContent = found.length === 1 ? "1 resultaat" :
      found.length + " resultaten" + (found.length > LIMIT ? ", de eerste " + LIMIT + " getoond" : "");
    filterPage(query);
  }

  /* zoeken.html lists everything; the query filters that list too */
  function filterPage(query) {
    var page = document.getElementById("zoeklijst");
    if (!page) { return; }
    var words = fold(query).split(/\s+/).filter(Boolean);
    page.querySelectorAll("section").forEach(function (section) {
      var shown = 0;
      section.querySelectorAll("li").forEach(function (item) {
        var key = fold(item.textContent);
        var match = words.every(function (word) { return key.indexOf(word) !== -1; });
        item.hidden = !match;
        shown += match ? 1 : 0;
      });
      section.hidden = shown === 0;
    });
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
  form.addEventListener("submit", function (event) {
    var first = links()[0];
    if (first) {
      event.preventDefault();
      window.location.href = first.href;
    }
  });
  document.addEventListener("click", function (event) {
    if (!form.contains(event.target)) { close(); }
  });

  var query = new URLSearchParams(window.location.search).get("q");
  if (query && document.getElementById("zoeklijst")) {
    input.value = query;
    ready(function () { filterPage(query); status.textContent = ""; });
  }
}());
