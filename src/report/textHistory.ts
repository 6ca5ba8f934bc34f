import { groupSecrets, type SecretEntry } from "../findings/secrets.js";
import type { Finding } from "../findings/types.js";
import { placeOf, whereOf } from "./place.js";
import { purgeCommand } from "./replaceText.js";
import { paintSeverity, plural, printable, type Palette } from "./textFormat.js";

/** Column headers of the secrets table; each row is padded to these widths (the last column is free). */
const COLUMNS = ["STATE", "SEVERITY", "CONFIDENCE", "DAYS", "RULE", "SECRET", "WHERE", "FIRST COMMITTED"] as const;

/** A ref name as people say it: `feature/x`, `v1.2`, `origin/main`. */
export function shortRef(ref: string): string {
  return ref.replace(/^refs\/(heads|tags|remotes)\//, "");
}

/** Whether a remote has the secret: the remote-tracking refs that reach it, else that only local refs do. */
export function pushedLabel(secret: SecretEntry): string {
  const remotes = secret.reachableFrom.filter((ref) => ref.startsWith("refs/remotes/")).map(shortRef);
  if (remotes.length === 0) return "no: only local refs reach it (rotate anyway if anyone else has a copy)";
  return `yes: ${remotes.slice(0, 3).join(", ")}${remotes.length > 3 ? `, +${remotes.length - 3} more` : ""} reach it`;
}

/** What the STATE column says: where the secret still lives, or that it is gone from every ref. */
function stateLabel(secret: SecretEntry): string {
  switch (secret.state) {
    case "at-head":
      return "at HEAD";
    case "on-other-refs":
      return `on ${secret.refs.length === 1 ? shortRef(secret.refs[0] as string) : plural(secret.refs.length, "ref")}`;
    case "removed":
      return "removed";
    case "unreachable":
      return "unreachable";
    case "current":
      return "in files";
  }
}

/** Where to look: HEAD's path for a live secret, else the first path, with how many more places. */
function whereLabel(secret: SecretEntry): string {
  const path = whereOf(secret);
  const more = secret.occurrences.length - 1;
  return `${printable(path)}${more > 0 ? ` (+${more} more)` : ""}`;
}

function firstCommitLabel(secret: SecretEntry): string {
  const commit = secret.firstCommit;
  if (!commit) return "";
  const removed = secret.removedBy ? `; removed in ${secret.removedBy.sha.slice(0, 12)}` : "";
  return `${commit.date.slice(0, 10)} ${commit.sha.slice(0, 12)} by ${printable(commit.authorName)}${removed}`;
}

/** When it was last held and by what: HEAD, the ref tips still holding it, or the parent of its removal. */
export function lastHeldLabel(secret: SecretEntry): string {
  const held = secret.lastHeld;
  if (!held) return "";
  const commit = `${held.date.slice(0, 10)} ${held.sha.slice(0, 12)} by ${printable(held.authorName)}`;
  switch (held.basis) {
    case "head":
      return `${commit} (HEAD: still held)`;
    case "ref-tip":
      return `${commit} (still held at ${(held.refs ?? []).map((ref) => printable(shortRef(ref))).join(", ")})`;
    case "removal-parent":
      return `${commit} (parent of ${secret.removedBy?.sha.slice(0, 12) ?? "the commit"}, which removed it)`;
    case "last-introduced":
      return `${commit} (its last commit; nothing known holds it since)`;
  }
}

function rowCells(secret: SecretEntry): string[] {
  return [
    stateLabel(secret),
    secret.severity,
    secret.confidence,
    String(secret.exposedDays ?? ""),
    printable(secret.ruleId),
    printable(secret.preview),
    whereLabel(secret),
    firstCommitLabel(secret),
  ];
}

/** Rows padded to a shared width per column; the severity cell is painted after padding. */
function table(palette: Palette, secrets: SecretEntry[]): string[] {
  const rows = secrets.map(rowCells);
  const widths = COLUMNS.map((header, i) => Math.max(header.length, ...rows.map((row) => (row[i] as string).length)));
  const line = (cells: readonly string[], paint?: (cell: string, i: number) => string) =>
    `  ${cells.map((cell, i) => (paint ? paint(i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number), i) : i === cells.length - 1 ? cell : cell.padEnd(widths[i] as number))).join("  ")}`.trimEnd();
  return [
    palette.dim(line(COLUMNS)),
    ...rows.map((row, r) => {
      const secret = secrets[r] as SecretEntry;
      return line(row, (cell, i) =>
        i === 0 && secret.state === "at-head"
          ? palette.red(cell)
          : i === 1
            ? paintSeverity(palette, secret.severity, cell)
            : cell,
      );
    }),
  ];
}

/** The distinct secrets among a report's history findings (see `groupSecrets`), grouped once per report. */
export function historySecrets(findings: readonly Finding[]): SecretEntry[] {
  return groupSecrets(findings.filter((f) => f.provenance.type === "git-blob"));
}

/**
 * The section that opens a history report: one aligned row per distinct secret (rule and secret
 * hash) under column headers, at HEAD first, then on other refs (named), then removed, then
 * unreachable; within a state by severity, then days exposed. Deleting a secret from HEAD leaves it
 * readable in every clone's history, so the heading asks to rotate them all. Empty when no finding
 * came from git history.
 */
export function historySection(palette: Palette, secrets: SecretEntry[]): string[] {
  if (secrets.length === 0) return [];
  const live = secrets.filter((secret) => secret.state === "at-head").length;
  const elsewhere = secrets.filter((secret) => secret.state === "on-other-refs").length;
  return [
    palette.bold(
      `Secrets in git history: ${plural(secrets.length, "secret")}, ${live} still at HEAD, ${elsewhere} on other refs — rotate all of them`,
    ),
    "  A secret removed from HEAD is still in history: anyone with a clone or fork can read it. Revoke or rotate each one",
    "  first, then remove it from the code; rewriting history is optional and does not un-leak it.",
    ...table(palette, secrets),
  ];
}

/**
 * Per secret, the lines someone acting on it needs: refs that still hold it, its fingerprints and
 * what to do (and the secret itself when `redact` is off); every occurrence is listed by
 * `--verbose` instead. For history reports.
 */
export function secretDetails(palette: Palette, secrets: readonly SecretEntry[], redact: boolean): string[] {
  return secrets.flatMap((secret) => {
    const first = secret.occurrences[0] as Finding;
    const where = `${printable(placeOf(first))}:${first.location.startLine}`;
    const lines = [
      `  ${paintSeverity(palette, secret.severity, secret.severity)} ${palette.bold(`${printable(secret.ruleName)} (${printable(secret.ruleId)})`)} ${printable(secret.preview)}`,
    ];
    lines.push(
      `    ${palette.dim("first seen ")}  ${where}${secret.occurrences.length > 1 ? `, and ${plural(secret.occurrences.length - 1, "more occurrence")} (--verbose lists them)` : ""}`,
    );
    if (secret.lastHeld) lines.push(`    ${palette.dim("last held  ")}  ${lastHeldLabel(secret)}`);
    if (!redact) lines.push(`    ${palette.dim("secret     ")}  ${printable(first.secret)}`);
    if (secret.reachableFrom.length > 0) lines.push(`    ${palette.dim("pushed     ")}  ${pushedLabel(secret)}`);
    if (secret.repositories.length > 1)
      lines.push(`    ${palette.dim("repositories")} ${secret.repositories.map(printable).join(", ")}`);
    if (secret.refs.length > 0)
      lines.push(`    ${palette.dim("refs       ")}  ${secret.refs.map((ref) => printable(shortRef(ref))).join(", ")}`);
    lines.push(`    ${palette.dim("fingerprint")}  ${first.fingerprint}`);
    lines.push(`    ${palette.dim("purge      ")}  after rotating: ${printable(purgeCommand(secret))}`);
    if (secret.remediation.trim() !== "")
      lines.push(
        `    ${palette.dim("remediation")}  ${printable(
          secret.remediation
            .trim()
            .split(/\r\n|\r|\n/)
            .join(" "),
        )}`,
      );
    return lines;
  });
}

/**
 * For files and the index (not history): the secrets found in more than one place, one line each,
 * so a secret copied into several files is rotated once and removed everywhere. Empty when none is.
 */
export function repeatedSecrets(palette: Palette, findings: readonly Finding[]): string[] {
  const repeated = groupSecrets(findings.filter((f) => f.provenance.type !== "git-blob")).filter(
    (secret) => secret.occurrences.length > 1,
  );
  if (repeated.length === 0) return [];
  return [
    palette.bold(`Secrets found in more than one place (${repeated.length}): rotate each once, remove it everywhere`),
    ...repeated.map((secret) => {
      const places = secret.occurrences.map((f) => `${printable(placeOf(f))}:${f.location.startLine}`);
      const shown = places.slice(0, 5).join(", ") + (places.length > 5 ? `, +${places.length - 5} more` : "");
      return `  ${paintSeverity(palette, secret.severity, secret.severity)} ${printable(secret.ruleId)} ${printable(secret.preview)} in ${plural(places.length, "place")}: ${shown}`;
    }),
  ];
}
