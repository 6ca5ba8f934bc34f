// bench/table.mjs — the results table, as Markdown.

/** Renders rows `{ metric, secretscan, reference, ratio, target, pass }` as a Markdown table. */
export function renderTable(rows) {
  const header = ["metric", "secretscan", "reference", "ratio", "target", "result"];
  const cells = rows.map((r) => [
    r.metric,
    r.secretscan,
    r.reference,
    r.ratio,
    r.target,
    r.pass === null ? "—" : r.pass ? "PASS" : "FAIL",
  ]);
  const line = (values) => `| ${values.map((v) => String(v).replaceAll("|", "\\|")).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...cells.map(line)].join("\n");
}
