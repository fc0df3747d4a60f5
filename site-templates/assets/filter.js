/* vlavirgem report site: the filters of the changes page, of the software catalogue and of the list
 * of governments.  They only show and hide rows that the page already holds (each row says its kind
 * and regions, the standards its software supports, or its province and kind, in data attributes
 * written by Python); without JavaScript every row is shown and the form stays hidden. */
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

(function () {
  "use strict";

  var form = document.getElementById("catalogus-filter");
  if (!form) { return; }
  var standard = form.querySelector("#filter-standaard");
  var status = document.getElementById("catalogus-filter-status");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr[data-supports]"));
  var products = rows.filter(function (row) { return row.closest("#tabel-producten"); });

  function apply() {
    var wanted = standard.value;
    var shown = 0;
    rows.forEach(function (row) {
      var keep = !wanted || row.getAttribute("data-supports").split(" ").indexOf(wanted) >= 0;
      row.hidden = !keep;
      if (keep && products.indexOf(row) >= 0) { shown += 1; }
    });
    document.querySelectorAll(".table-block").forEach(function (block) {
      if (block.querySelector("tr[data-supports]")) {
        block.hidden = !block.querySelector("tbody tr:not([hidden])");
      }
    });
    status.textContent = wanted ?
      shown + " van de " + products.length + " producten " + (shown === 1 ? "ondersteunt " : "ondersteunen ") +
      standard.options[standard.selectedIndex].text + "." : "";
  }

  form.hidden = false;
  standard.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
}());

(function () {
  "use strict";

  var form = document.getElementById("besturen-filter");
  if (!form) { return; }
  var province = form.querySelector("#filter-provincie");
  var kind = form.querySelector("#filter-bestuur");
  var status = document.getElementById("besturen-filter-status");
  var rows = Array.prototype.slice.call(document.querySelectorAll("#tabel-besturen tbody tr"));

  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var keep = (!province.value || row.getAttribute("data-province") === province.value) &&
                 (!kind.value || row.getAttribute("data-kind") === kind.value);
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    status.textContent = (province.value || kind.value) ?
      shown + " van de " + rows.length + " besturen getoond." : "";
  }

  form.hidden = false;
  province.addEventListener("change", apply);
  kind.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
}());
