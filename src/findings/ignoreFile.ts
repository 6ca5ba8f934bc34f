import { globTest } from "../rules/globs.js";

/** A fingerprint line of an ignore file: 32 hex characters, optionally followed by a `#` comment. */
const FINGERPRINT_LINE = /^([0-9a-f]{32})(?:\s+#.*)?$/i;

/** One meaningful line of an ignore file. `line` is 1-based, for messages. */
export type IgnoreEntry =
  | { type: "fingerprint"; fingerprint: string; line: number }
  | { type: "glob"; glob: string; line: number; matches: (path: string) => boolean };

/** A parsed `.secretscanignore`: its display name and its entries in file order. */
export interface IgnoreFile {
  /** How messages name the file (relative to the working directory when possible). */
  name: string;
  entries: IgnoreEntry[];
}

/**
 * Parses the text of an ignore file. Blank lines and lines starting with `#` are skipped; a line
 * of exactly 32 hex characters (a finding's fingerprint, as every report prints it) ignores that
 * finding; any other line is a picomatch glob (`dot: true`, relative to the scan root) of paths
 * whose files are not scanned. Pure.
 */
export function parseIgnoreFile(name: string, text: string): IgnoreFile {
  const entries: IgnoreEntry[] = [];
  text.split(/\r\n|\r|\n/).forEach((raw, index) => {
    const content = raw.trim();
    if (content === "" || content.startsWith("#")) return;
    const line = index + 1;
    const fingerprint = FINGERPRINT_LINE.exec(content)?.[1];
    if (fingerprint) entries.push({ type: "fingerprint", fingerprint: fingerprint.toLowerCase(), line });
    else entries.push({ type: "glob", glob: content, line, matches: globTest([content]) });
  });
  return { name, entries };
}

/** Tracks which entries of an ignore file matched something during one scan. */
export class IgnoreFileUsage {
  private readonly used = new Set<IgnoreEntry>();
  private readonly byFingerprint = new Map<string, IgnoreEntry>();

  constructor(readonly file: IgnoreFile) {
    for (const entry of file.entries)
      if (entry.type === "fingerprint" && !this.byFingerprint.has(entry.fingerprint))
        this.byFingerprint.set(entry.fingerprint, entry);
  }

  /** The glob entry excluding `path`, recorded as used; undefined when no glob matches. */
  excludingEntry(path: string): IgnoreEntry | undefined {
    const entry = this.file.entries.find((candidate) => candidate.type === "glob" && candidate.matches(path));
    if (entry) this.used.add(entry);
    return entry;
  }

  /** The fingerprint entry ignoring a finding, recorded as used; undefined when there is none. */
  fingerprintEntry(fingerprint: string): IgnoreEntry | undefined {
    const entry = this.byFingerprint.get(fingerprint);
    if (entry) this.used.add(entry);
    return entry;
  }

  /** True when the file has any fingerprint entry (else looking one up is pointless). */
  hasFingerprints(): boolean {
    return this.byFingerprint.size > 0;
  }

  /** Entries that matched nothing so far. */
  unused(): IgnoreEntry[] {
    return this.file.entries.filter((entry) => !this.used.has(entry));
  }
}
