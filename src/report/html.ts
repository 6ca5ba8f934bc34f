import { groupSecrets, type SecretEntry } from "../findings/secrets.js";
import { placeOf, whereOf } from "./place.js";
import type { Finding, RuleInfo, ScanResult } from "../findings/types.js";
import { SEVERITIES } from "../rules/types.js";
import { HTML_SCRIPT, HTML_STYLE } from "./htmlAssets.js";
import type { ReportOptions } from "./options.js";
import { prepareReport } from "./prepare.js";
import { purgeCommand } from "./replaceText.js";
import { lastHeldLabel, pushedLabel, shortRef } from "./textHistory.js";

const DAY_MS = 24 * 60 * 60 * 1000;
const STATE_LABEL: Record<SecretEntry["state"], string> = {
  "at-head": "At HEAD",
  "on-other-refs": "On other refs",
  removed: "Removed",
  unreachable: "Unreachable",
  current: "In files",
};

/** Escapes text for HTML element content and double-quoted attributes. */
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A link to a reference, only for http(s) URLs; anything else is shown as text. */
function link(url: string): string {
  return /^https?:\/\//i.test(url)
    ? `<a href="${escapeHtml(url)}" rel="noreferrer noopener">${escapeHtml(url)}</a>`
    : escapeHtml(url);
}

/** True while HEAD or another ref holds the secret: its exposure runs to the scan. */
function isStillHeld(secret: SecretEntry): boolean {
  return secret.state === "at-head" || secret.state === "on-other-refs";
}

/** When the secret was first committed and until when it was exposed (the last commit holding it, else the scan), in ms. */
function exposureSpan(secret: SecretEntry): { start: number; end: number } | undefined {
  if (!secret.firstCommit || secret.exposedDays === undefined) return undefined;
  const start = Date.parse(secret.firstCommit.date);
  if (!Number.isFinite(start)) return undefined;
  const held = secret.lastHeld && !isStillHeld(secret) ? Date.parse(secret.lastHeld.date) : Number.NaN;
  return { start, end: Number.isFinite(held) ? held : start + secret.exposedDays * DAY_MS };
}

function summary(secrets: SecretEntry[]): string {
  const card = (label: string, count: number, cls: string) =>
    `<div class="card ${cls}"><b>${count}</b><span>${escapeHtml(label)}</span></div>`;
  const states = (Object.keys(STATE_LABEL) as SecretEntry["state"][]).filter((s) => secrets.some((x) => x.state === s));
  const live = secrets.filter((s) => s.state === "at-head" || s.state === "on-other-refs" || s.state === "current");
  const oldest = live.reduce<SecretEntry | undefined>(
    (a, b) => ((b.exposedDays ?? -1) > (a?.exposedDays ?? -1) ? b : a),
    undefined,
  );
  return [
    `<section id="summary"><h2>Summary</h2><div class="cards">`,
    card("secrets", secrets.length, "total"),
    ...states.map((s) => card(STATE_LABEL[s], secrets.filter((x) => x.state === s).length, `state-${s}`)),
    ...SEVERITIES.filter((v) => secrets.some((x) => x.severity === v)).map((v) =>
      card(v, secrets.filter((x) => x.severity === v).length, `sev-${v}`),
    ),
    `</div>`,
    oldest?.exposedDays !== undefined
      ? `<p>Oldest live secret: <b>${escapeHtml(oldest.ruleName)}</b> (${escapeHtml(oldest.preview)}), exposed for ${oldest.exposedDays} days.</p>`
      : "",
    `</section>`,
  ].join("\n");
}

function tableRow(secret: SecretEntry, index: number): string {
  const where = whereOf(secret);
  const commit = secret.firstCommit ? `${secret.firstCommit.date.slice(0, 10)} ${secret.firstCommit.authorName}` : "";
  const cells = [
    [STATE_LABEL[secret.state], secret.state],
    [secret.severity, String(SEVERITIES.length - SEVERITIES.indexOf(secret.severity))],
    [secret.confidence, secret.confidence],
    [String(secret.exposedDays ?? ""), String(secret.exposedDays ?? -1)],
    [secret.ruleName, secret.ruleName],
    [secret.preview, secret.preview],
    [`${where}${secret.occurrences.length > 1 ? ` (+${secret.occurrences.length - 1})` : ""}`, where],
    [commit, secret.firstCommit?.date ?? ""],
    [
      secret.lastHeld ? `${secret.lastHeld.date.slice(0, 10)}${isStillHeld(secret) ? " (still held)" : ""}` : "",
      secret.lastHeld?.date ?? "",
    ],
  ];
  const tds = cells
    .map(([text, key]) => `<td data-key="${escapeHtml(key ?? "")}">${escapeHtml(text ?? "")}</td>`)
    .join("");
  return `<tr class="state-${secret.state} sev-${secret.severity}" data-state="${secret.state}"><td><a href="#s${index}">${index + 1}</a></td>${tds}</tr>`;
}

function table(secrets: SecretEntry[]): string {
  const headers = [
    "#",
    "State",
    "Severity",
    "Confidence",
    "Days",
    "Rule",
    "Secret",
    "Where",
    "First committed",
    "Last held",
  ];
  const options = (Object.keys(STATE_LABEL) as SecretEntry["state"][])
    .map((s) => `<option value="${s}">${STATE_LABEL[s]}</option>`)
    .join("");
  return [
    `<section id="secrets"><h2>Secrets</h2>`,
    `<div class="controls"><input id="filter" type="search" placeholder="Filter by any text" aria-label="Filter"> <select id="state" aria-label="State"><option value="">Every state</option>${options}</select></div>`,
    `<table id="secret-table"><thead><tr>${headers.map((h, i) => `<th${i > 0 ? ` data-col="${i}" tabindex="0"` : ""}>${h}</th>`).join("")}</tr></thead>`,
    `<tbody>${secrets.map(tableRow).join("\n")}</tbody></table></section>`,
  ].join("\n");
}

function timeline(secrets: SecretEntry[]): string {
  const spans = secrets.map((s, i) => ({ secret: s, index: i, span: exposureSpan(s) })).filter((x) => x.span);
  if (spans.length === 0) return "";
  const min = Math.min(...spans.map((x) => x.span?.start ?? 0));
  const max = Math.max(...spans.map((x) => x.span?.end ?? 0), min + DAY_MS);
  const pct = (t: number) => ((100 * (t - min)) / (max - min)).toFixed(2);
  const day = (t: number) => new Date(t).toISOString().slice(0, 10);
  const rows = spans.map(({ secret, index, span }) => {
    const s = span as { start: number; end: number };
    const width = Math.max(0.5, (100 * (s.end - s.start)) / (max - min)).toFixed(2);
    const title = `${day(s.start)} → ${isStillHeld(secret) ? `${day(s.end)} (still exposed)` : `${day(s.end)} (last held)`}`;
    return `<div class="tl-row"><a class="tl-label" href="#s${index}">${index + 1}. ${escapeHtml(secret.ruleName)}</a><div class="tl-track"><div class="tl-bar state-${secret.state}" style="left:${pct(s.start)}%;width:${width}%" title="${escapeHtml(title)}"></div></div></div>`;
  });
  return [
    `<section id="timeline"><h2>Exposure timeline</h2><div class="tl-axis"><span>${day(min)}</span><span>${day(max)}</span></div>`,
    ...rows,
    `</section>`,
  ].join("\n");
}

function occurrenceRow(f: Finding): string {
  const p = f.provenance;
  const commit =
    p.type === "git-blob" && p.introducedBy
      ? `${p.introducedBy.sha.slice(0, 12)} ${p.introducedBy.date.slice(0, 10)} ${p.introducedBy.authorName}`
      : "";
  const blob = p.type === "git-blob" || p.type === "index" ? p.blobId.slice(0, 12) : "";
  return `<tr><td>${escapeHtml(placeOf(f))}:${f.location.startLine}</td><td>${escapeHtml(commit)}</td><td>${escapeHtml(blob)}</td><td><code>${f.fingerprint}</code></td></tr>`;
}

function details(secrets: SecretEntry[], rulesById: ReadonlyMap<string, RuleInfo>): string {
  const blocks = secrets.map((secret, index) => {
    const pushed = secret.reachableFrom.length ? `<p>Pushed: ${escapeHtml(pushedLabel(secret))}</p>` : "";
    const refs = secret.refs.length
      ? `<p>Still held by: ${secret.refs.map((r) => `<code>${escapeHtml(shortRef(r))}</code>`).join(", ")}</p>`
      : "";
    const removed = secret.removedBy
      ? `<p>Removed in <code>${secret.removedBy.sha.slice(0, 12)}</code> on ${escapeHtml(secret.removedBy.date.slice(0, 10))}.</p>`
      : "";
    const held = secret.lastHeld ? `<p>Last held: ${escapeHtml(lastHeldLabel(secret))}.</p>` : "";
    const refLinks = (rulesById.get(secret.ruleId)?.references ?? []).map((url) => `<li>${link(url)}</li>`).join("");
    return [
      `<details id="s${index}" open><summary><span class="badge state-${secret.state}">${STATE_LABEL[secret.state]}</span> <span class="badge sev-${secret.severity}">${secret.severity}</span> ${index + 1}. ${escapeHtml(secret.ruleName)} <code>${escapeHtml(secret.preview)}</code></summary>`,
      refs,
      pushed,
      held,
      removed,
      `<table class="occ"><thead><tr><th>Where</th><th>Commit</th><th>Blob</th><th>Fingerprint</th></tr></thead><tbody>${secret.occurrences.map(occurrenceRow).join("")}</tbody></table>`,
      `<p class="fix"><b>What to do:</b> ${escapeHtml(secret.remediation)}</p>`,
      secret.firstCommit
        ? `<p class="fix"><b>Purge from history, after rotating:</b> <code>${escapeHtml(purgeCommand(secret))}</code></p>`
        : "",
      refLinks ? `<ul class="refs">${refLinks}</ul>` : "",
      `</details>`,
    ].join("\n");
  });
  return [`<section id="details"><h2>Secrets in detail</h2>`, ...blocks, `</section>`].join("\n");
}

function diagnostics(result: ScanResult): string {
  const list = prepareReport(result).diagnostics;
  if (list.length === 0)
    return `<section id="diagnostics"><h2>Diagnostics</h2><p>Every input was scanned.</p></section>`;
  const items = list
    .map((d) => `<li><code>${escapeHtml(d.path)}</code>: ${escapeHtml(d.reason)} — ${escapeHtml(d.message)}</li>`)
    .join("");
  return `<section id="diagnostics"><h2>Diagnostics</h2><ul>${items}</ul></section>`;
}

/**
 * Renders a self-contained HTML audit report: inline CSS and script, no external resource, so it
 * opens from `file://` and prints to PDF. Shows a summary, a sortable and filterable table of
 * secrets, an exposure timeline, each secret's occurrences and remediation, and the diagnostics.
 * Secrets appear only as their previews, whatever `redact` says: the file is made to be shared.
 */
export function renderHtml(result: ScanResult, _options: ReportOptions): string {
  const secrets = groupSecrets(prepareReport(result).findings);
  const rulesById = new Map(result.rules.map((rule) => [rule.id, rule]));
  const scanned = `${result.stats.files} files${result.stats.blobs ? `, ${result.stats.blobs} blobs` : ""}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>secretscan audit: ${secrets.length} secret${secrets.length === 1 ? "" : "s"}</title>
<style>${HTML_STYLE}</style>
</head>
<body>
<header><h1>Secret audit</h1><p>${escapeHtml(result.root)} · ${scanned} · ${escapeHtml(result.tool.name)} ${escapeHtml(result.tool.version)}</p></header>
${summary(secrets)}
${secrets.length ? table(secrets) : "<p>No secrets found.</p>"}
${timeline(secrets)}
${secrets.length ? details(secrets, rulesById) : ""}
${diagnostics(result)}
<script>${HTML_SCRIPT}</script>
</body>
</html>
`;
}
