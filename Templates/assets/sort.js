// Sortable tables, no external script: a click on a column header sorts the rows by it
// (numbers by their data-value, text in the reader's language order), a second click
// reverses. The address can ask for a sorted table: #sort=TABLE_SECTION_ID:COLUMN:asc|desc
// (COLUMN counts from 0). Without JavaScript the tables stay as published.
(function () {
  "use strict";

  function cellKey(row, column) {
    var cell = row.cells[column];
    if (!cell) return { number: null, text: "" };
    var raw = cell.getAttribute("data-value");
    var number = raw === null || raw === "" ? null : Number(raw);
    return { number: number !== null && isFinite(number) ? number : null, text: cell.textContent.trim() };
  }

  function sortTable(table, column, direction) {
    var body = table.tBodies[0];
    if (!body) return;
    var rows = Array.prototype.slice.call(body.rows);
    // A column sorts as numbers when every cell is a number or empty ("—"); empty cells go last.
    var numeric = rows.every(function (row) {
      var key = cellKey(row, column);
      return key.number !== null || key.text === "—" || key.text === "";
    });
    var keyed = rows.map(function (row, index) { return { row: row, key: cellKey(row, column), index: index }; });
    keyed.sort(function (a, b) {
      if (numeric && (a.key.number === null) !== (b.key.number === null)) return a.key.number === null ? 1 : -1;
      var order = numeric ? (a.key.number === null ? 0 : a.key.number - b.key.number)
        : a.key.text.localeCompare(b.key.text, undefined, { numeric: true });
      if (order === 0) return a.index - b.index;  // stable
      return direction === "descending" ? -order : order;
    });
    keyed.forEach(function (item) { body.appendChild(item.row); });
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    for (var i = 0; i < headers.length; i++) {
      headers[i].setAttribute("aria-sort", i === column ? direction : "none");
    }
  }

  function enhance(table) {
    if (!table.tHead) return;
    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (header, column) {
      var button = document.createElement("button");
      button.type = "button";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      header.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var next = header.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
        sortTable(table, column, next);
      });
    });
  }

  function fromAddress() {
    var match = /(?:^#|&)sort=([^:&]+):(\d+):(asc|desc)/.exec(window.location.hash);
    if (!match) return;
    var section = document.getElementById(decodeURIComponent(match[1]));
    var table = section && (section.tagName === "TABLE" ? section : section.querySelector("table.sortable"));
    if (table) sortTable(table, Number(match[2]), match[3] === "desc" ? "descending" : "ascending");
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("table.sortable"), enhance);
    fromAddress();
  });
})();
