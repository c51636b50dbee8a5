import { createHash } from 'node:crypto';

/**
 * The dashboard's only script, plain ES2017 so any browser ownCloud users have runs it:
 * - tables marked `data-sortable` sort by a header click; numeric columns (`data-type=number`)
 *   compare the raw number in each cell's `data-sort`, never the localized text;
 * - a tap or click on a chart element with a `<title>` shows that title in a small tooltip
 *   (phones have no hover, so the SVG's native tooltip never appears there);
 * - printing opens every `<details>` so the paper copy shows everything.
 */
export const DASHBOARD_SCRIPT = `(function () {
  'use strict';
  var collator = new Intl.Collator(document.documentElement.lang || undefined, { numeric: true, sensitivity: 'base' });
  function keyOf(row, column, numeric) {
    var cell = row.cells[column];
    if (!cell) return numeric ? -Infinity : '';
    if (numeric) { var n = parseFloat(cell.getAttribute('data-sort')); return isNaN(n) ? -Infinity : n; }
    return cell.getAttribute('data-sort') || cell.textContent.trim();
  }
  function sortTable(table, header) {
    var column = header.cellIndex;
    var numeric = header.getAttribute('data-type') === 'number';
    var current = header.getAttribute('aria-sort');
    var direction = current === 'descending' ? 'ascending' : current === 'ascending' ? 'descending' : numeric ? 'descending' : 'ascending';
    var sign = direction === 'ascending' ? 1 : -1;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, key: keyOf(row, column, numeric), index: index };
    });
    rows.sort(function (a, b) {
      var order = numeric ? (a.key < b.key ? -1 : a.key > b.key ? 1 : 0) : collator.compare(a.key, b.key);
      return order * sign || a.index - b.index;
    });
    rows.forEach(function (entry) { body.appendChild(entry.row); });
    Array.prototype.forEach.call(header.parentNode.cells, function (cell) { cell.removeAttribute('aria-sort'); });
    header.setAttribute('aria-sort', direction);
  }
  Array.prototype.forEach.call(document.querySelectorAll('table[data-sortable] thead th'), function (header) {
    var button = header.querySelector('button');
    if (button) button.addEventListener('click', function () { sortTable(header.closest('table'), header); });
  });

  var tip = document.getElementById('chart-tip');
  var shownAtScrollY = 0;
  function titleOf(element) {
    for (var node = element; node && node.tagName && node.tagName.toLowerCase() !== 'svg'; node = node.parentNode) {
      for (var child = node.firstElementChild; child; child = child.nextElementSibling) {
        if (child.tagName.toLowerCase() === 'title') return child.textContent;
      }
    }
    return '';
  }
  document.addEventListener('click', function (event) {
    if (!tip) return;
    var inChart = event.target.closest && event.target.closest('figure.chart svg');
    var text = inChart ? titleOf(event.target) : '';
    if (!text || event.target === inChart) { tip.hidden = true; return; }
    tip.textContent = text;
    tip.hidden = false;
    shownAtScrollY = window.scrollY;
    var x = Math.min(event.clientX + 12, window.innerWidth - tip.offsetWidth - 8);
    var y = event.clientY + 16 + tip.offsetHeight > window.innerHeight ? event.clientY - tip.offsetHeight - 12 : event.clientY + 16;
    tip.style.left = Math.max(8, x) + 'px';
    tip.style.top = Math.max(8, y) + 'px';
  });
  // A fixed tooltip drifts from its bar once the page scrolls; small scrolls (e.g. the one that
  // brings a tapped bar into view) keep it.
  window.addEventListener('scroll', function () {
    if (tip && !tip.hidden && Math.abs(window.scrollY - shownAtScrollY) > 40) tip.hidden = true;
  }, { passive: true });
  window.addEventListener('beforeprint', function () {
    Array.prototype.forEach.call(document.querySelectorAll('details'), function (d) { d.open = true; });
  });
})();`;

/** CSP source for exactly this script: an injected inline script or `onerror=` would not run. */
export const DASHBOARD_SCRIPT_HASH = `'sha256-${createHash('sha256').update(DASHBOARD_SCRIPT).digest('base64')}'`;
