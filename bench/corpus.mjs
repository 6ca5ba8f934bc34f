// bench/corpus.mjs — the working-tree corpus: text files from node_modules copied into
// tree/copy-1/, tree/copy-2/, … until the size and file-count targets are met, with synthetic
// secrets planted at PRNG-chosen line boundaries. Rebuilt only when its stamp changes.
import { createHash } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
  copyFileSync,
  openSync,
  readSync,
  closeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { createPrng } from "./prng.mjs";
import { generateSecrets } from "./secrets.mjs";

const TEXT_EXTENSIONS = /\.(?:[cm]?js|[cm]?ts|jsx|tsx|json|md|markdown|map|ya?ml|txt|flow|html|css)$/;
const SAFE_PATH = /^[A-Za-z0-9._@+/-]+$/;
const STAMP_VERSION = 3; // 2: manifests hold the scanner's slow secret hash, not SHA-256; 3: random tokens get its fast tier

/**
 * Text files under `dir` (sorted, symlinks skipped), each `{ rel, size }`, at most `maxBytes` each.
 * Top-level dot-folders (`.vite`, `.cache`: tool caches rewritten by every test run, not packages)
 * are skipped, so the corpus stays the same from run to run.
 */
export function listSourceFiles(dir, maxBytes) {
  const out = [];
  const walk = (rel) => {
    for (const entry of readdirSync(join(dir, rel), { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory() && rel === "" && entry.name.startsWith(".")) continue;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile() && TEXT_EXTENSIONS.test(entry.name) && SAFE_PATH.test(child)) {
        const size = statSync(join(dir, child)).size;
        if (size > 0 && size <= maxBytes && !hasNulByte(join(dir, child))) out.push({ rel: child, size });
      }
    }
  };
  walk("");
  return out;
}

function hasNulByte(file) {
  const fd = openSync(file, "r");
  const buffer = Buffer.alloc(8192);
  const length = readSync(fd, buffer, 0, buffer.length, 0);
  closeSync(fd);
  return buffer.subarray(0, length).includes(0);
}

/** Nested node_modules folders are renamed: the scanner never descends into them unless named, rg does. */
const targetRel = (copy, rel) => `copy-${copy}/${rel.replaceAll("node_modules", "node_mods")}`;

/**
 * Builds (or reuses) `<root>/tree`. Returns `{ dir, files, bytes, planted }` where `files` lists the
 * tree-relative paths in build order and `planted` the secrets with their hashes.
 */
export function buildTree(root, sourceDir, params, log) {
  const dir = join(root, "tree");
  const sources = listSourceFiles(sourceDir, params.maxFileBytes);
  const digest = createHash("sha256")
    .update(sources.map((f) => `${f.rel}\0${f.size}`).join("\n"))
    .digest("hex");
  const stamp = JSON.stringify({ version: STAMP_VERSION, params, digest });
  const stampFile = join(root, "tree.stamp.json");
  const manifestFile = join(root, "tree.manifest.json");
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp && existsSync(manifestFile)) {
    return { dir, ...JSON.parse(readFileSync(manifestFile, "utf8")), reused: true };
  }
  if (sources.length === 0) throw new Error(`no text files under ${sourceDir}: run npm ci first`);
  rmSync(stampFile, { force: true });
  rmSync(dir, { recursive: true, force: true });
  const files = [];
  let bytes = 0;
  for (let copy = 1; files.length < params.minFiles || bytes < params.minBytes; copy++) {
    for (const source of sources) {
      const rel = targetRel(copy, source.rel);
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      copyFileSync(join(sourceDir, source.rel), join(dir, rel));
      files.push(rel);
      bytes += source.size;
    }
    log(`  tree: copy-${copy} done (${files.length} files, ${(bytes / 1e6).toFixed(1)} MB)`);
  }
  const planted = plantSecrets(dir, files, params);
  bytes = files.reduce((sum, rel) => sum + statSync(join(dir, rel)).size, 0);
  const manifest = { files, bytes, planted: planted.map(({ kind, path, hashes }) => ({ kind, path, hashes })) };
  writeFileSync(manifestFile, JSON.stringify(manifest));
  writeFileSync(stampFile, stamp);
  return { dir, ...manifest, reused: false };
}

/** Inserts each generated secret at a line boundary of a PRNG-chosen file. */
function plantSecrets(dir, files, params) {
  const prng = createPrng(params.seed);
  const secrets = generateSecrets(prng, params.secrets);
  const byFile = new Map();
  for (const secret of secrets) {
    const path = files[prng.int(files.length)];
    const placed = { ...secret, path, at: prng.next() };
    byFile.set(path, [...(byFile.get(path) ?? []), placed]);
  }
  for (const [path, items] of byFile) {
    let text = readFileSync(join(dir, path), "utf8");
    if (!text.endsWith("\n")) text += "\n";
    const positions = items.map((item) => ({ item, offset: lineBoundary(text, Math.floor(item.at * text.length)) }));
    positions.sort((a, b) => b.offset - a.offset);
    for (const { item, offset } of positions) text = text.slice(0, offset) + item.text + text.slice(offset);
    writeFileSync(join(dir, path), text);
  }
  return [...byFile.values()].flat();
}

/** The offset just after the first newline at or after `offset` (the end of the text if none). */
export function lineBoundary(text, offset) {
  const newline = text.indexOf("\n", offset);
  return newline === -1 ? text.length : newline + 1;
}
