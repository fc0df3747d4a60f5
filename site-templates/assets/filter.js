/* vlavirgem report site: the filter of the changes page.  It only shows and hides rows that the page
 * already holds (each row says its kind and regions in data attributes); without JavaScript every
 * change is shown and the form stays hidden. */
(function () {
  "use strict";

  var form = document.getElementById("wijzigingen-filter");
  if (!form) { return; }
  var region = form.querySelector("#filter-regio");
  var kind = form.querySelector("#filter-soort");
  var status = document.getElementById("filter-status");
  var rows = Array.prototype.slice.call(document.querySelectorAll(".changes-year tbody tr"));

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var regions = (row.getAttribute("data-regions") || "").split(" ");
      var keep = (!region.value || regions.indexOf(region.value) >= 0) &&
                 (!kind.value || row.getAttribute("data-kind") === kind.value);
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    document.querySelectorAll(".changes-year").forEach(function (section) {
      section.hidden = !section.querySelector("tbody tr:not([hidden])");
    });
    status.textContent = (region.value || kind.value) ?
      shown + " van de " + rows.length + " wijzigingen getoond." : "";
  }

  form.hidden = false;
  region.addEventListener("change", apply);
  kind.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
}());
