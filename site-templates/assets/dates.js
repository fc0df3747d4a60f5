/* vlavirgem report site: the date picker of op-datum/.  The periods (and their pages) are made by
 * vlavirgem; this script only finds the period a typed date falls in and opens its page.  Without
 * JavaScript the list of periods does the same job. */
(function () {
  "use strict";

  var form = document.getElementById("datumkeuze");
  if (!form) { return; }
  var input = document.getElementById("datum");
  var status = document.getElementById("datumstatus");
  var periods = Array.prototype.slice.call(document.querySelectorAll(".periods li[data-start]"));

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var day = input.value;
    var found = periods.filter(function (item) {
      return item.getAttribute("data-start") <= day && day <= item.getAttribute("data-end");
    })[0];
    if (!found) {
      status.textContent = form.getAttribute("data-outside");
      return;
    }
    window.location.href = found.querySelector("a").getAttribute("href");
  });
}());
