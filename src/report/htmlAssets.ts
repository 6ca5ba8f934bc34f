/** The HTML report's stylesheet: inline, light and dark, and readable when printed to PDF. */
export const HTML_STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1d2125; --muted: #5c6670; --line: #d8dde3; --red: #c62828; --amber: #b26a00; --blue: #1c5fb8; --grey: #78828c; }
@media (prefers-color-scheme: dark) { :root { --bg: #15181b; --fg: #e6e9ec; --muted: #a0a9b2; --line: #2e343a; --red: #ef6a6a; --amber: #f0b34a; --blue: #6aa5f0; --grey: #8d969f; } }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1200px; padding: 24px; font: 14px/1.45 system-ui, sans-serif; background: var(--bg); color: var(--fg); }
h1 { margin: 0 0 4px; font-size: 24px; } h2 { margin: 28px 0 10px; font-size: 18px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
header p, .muted { color: var(--muted); }
code { font: 12px/1.3 ui-monospace, monospace; }
.cards { display: flex; flex-wrap: wrap; gap: 10px; }
.card { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 110px; }
.card b { display: block; font-size: 22px; } .card span { color: var(--muted); text-transform: capitalize; }
.controls { margin-bottom: 8px; display: flex; gap: 8px; }
.controls input { flex: 1; padding: 5px 8px; } .controls select { padding: 5px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 5px 8px; border-bottom: 1px solid var(--line); vertical-align: top; overflow-wrap: anywhere; }
th[data-col] { cursor: pointer; user-select: none; white-space: nowrap; }
th[data-dir="asc"]::after { content: " \\25B2"; } th[data-dir="desc"]::after { content: " \\25BC"; }
tr.state-at-head td:nth-child(2), .badge.state-at-head { color: var(--red); font-weight: 600; }
tr.state-on-other-refs td:nth-child(2), .badge.state-on-other-refs { color: var(--amber); font-weight: 600; }
.sev-critical td:nth-child(3), .badge.sev-critical, .sev-high td:nth-child(3), .badge.sev-high { color: var(--red); }
.sev-medium td:nth-child(3), .badge.sev-medium { color: var(--amber); }
.badge { border: 1px solid currentColor; border-radius: 10px; padding: 0 7px; font-size: 12px; }
.tl-axis { display: flex; justify-content: space-between; color: var(--muted); margin-left: 30%; }
.tl-row { display: flex; align-items: center; gap: 8px; margin: 3px 0; }
.tl-label { width: 30%; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: inherit; }
.tl-track { position: relative; flex: 1; height: 14px; background: var(--line); border-radius: 3px; }
.tl-bar { position: absolute; top: 0; bottom: 0; border-radius: 3px; background: var(--grey); }
.tl-bar.state-at-head { background: var(--red); } .tl-bar.state-on-other-refs { background: var(--amber); } .tl-bar.state-removed { background: var(--blue); }
details { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
summary { cursor: pointer; font-weight: 600; }
table.occ { margin: 8px 0; font-size: 13px; }
.fix { margin: 6px 0; } .refs { margin: 0; padding-left: 20px; }
a { color: var(--blue); }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; } .controls { display: none; }
  details { break-inside: avoid; } details > * { display: block; } tr { break-inside: avoid; }
  .tl-track, .tl-bar { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;

/**
 * The HTML report's script: sorting by any column header (click or Enter, again to reverse) and
 * filtering by free text and state. No network, no eval, no storage: it only reorders and hides rows.
 */
export const HTML_SCRIPT = `
(function () {
  var table = document.getElementById("secret-table");
  if (!table) return;
  var body = table.tBodies[0];
  var filter = document.getElementById("filter");
  var state = document.getElementById("state");
  function keyOf(row, col) { return row.cells[col].getAttribute("data-key") || ""; }
  function sortBy(th) {
    var col = Number(th.getAttribute("data-col"));
    var dir = th.getAttribute("data-dir") === "asc" ? "desc" : "asc";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("data-dir"); });
    th.setAttribute("data-dir", dir);
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = keyOf(a, col), y = keyOf(b, col), nx = Number(x), ny = Number(y);
      var c = x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny) ? nx - ny : x.localeCompare(y);
      return dir === "asc" ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  Array.prototype.forEach.call(table.querySelectorAll("th[data-col]"), function (th) {
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter") sortBy(th); });
  });
  function apply() {
    var text = filter.value.toLowerCase(), wanted = state.value;
    Array.prototype.forEach.call(body.rows, function (r) {
      var shown = (!wanted || r.getAttribute("data-state") === wanted) && r.textContent.toLowerCase().indexOf(text) !== -1;
      r.style.display = shown ? "" : "none";
    });
  }
  filter.addEventListener("input", apply);
  state.addEventListener("change", apply);
})();
`;
