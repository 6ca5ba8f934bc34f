// bench/history.mjs — the history corpus: a git repository built with one `git fast-import`
// process that adds the tree's files in batches, then makes small edits (append or replace a line)
// to previously added files until the commit-count and blob-size targets are met. A few commits add
// a file with fresh secrets that a later commit deletes. Rebuilt only when its stamp changes.
import { spawn, execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync, statSync } from "node:fs";
import { once } from "node:events";
import { join } from "node:path";
import { createPrng } from "./prng.mjs";
import { githubToken, awsKeyPair } from "./secrets.mjs";

const STAMP_VERSION = 3; // 2: manifests hold the scanner's slow secret hash, not SHA-256; 3: random tokens get its fast tier
const AUTHORS = [
  "Ada Lovelace <ada@example.com>",
  "Grace Hopper <grace@example.com>",
  "Alan Turing <alan@example.com>",
];
const WORDS = [
  "cache",
  "retry",
  "parse",
  "token",
  "buffer",
  "stream",
  "config",
  "limit",
  "path",
  "error",
  "index",
  "merge",
];
const git = (cwd, args) => execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 1 << 30 }).trim();

/** Builds (or reuses) `<root>/history`; returns `{ dir, commits, blobs, blobBytes, packBytes, planted }`. */
export async function buildHistory(root, tree, params, log) {
  const dir = join(root, "history");
  const stampFile = join(root, "history.stamp.json");
  const manifestFile = join(root, "history.manifest.json");
  const stamp = JSON.stringify({
    version: STAMP_VERSION,
    params,
    tree: readFileSync(join(root, "tree.stamp.json"), "utf8"),
  });
  if (existsSync(stampFile) && readFileSync(stampFile, "utf8") === stamp && existsSync(manifestFile)) {
    return { dir, ...JSON.parse(readFileSync(manifestFile, "utf8")), reused: true };
  }
  rmSync(stampFile, { force: true });
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, ["init", "-q", "-b", "main"]);
  const planted = await replay(dir, tree, params, log);
  const stats = repositoryStats(dir);
  const manifest = { ...stats, planted };
  writeFileSync(manifestFile, JSON.stringify(manifest));
  writeFileSync(stampFile, stamp);
  return { dir, ...manifest, reused: false };
}

/** Commit count (all refs), unique blobs and their total size, and pack size, as git reports them. */
export function repositoryStats(dir) {
  const commits = Number(git(dir, ["rev-list", "--count", "--all"]));
  let blobs = 0;
  let blobBytes = 0;
  for (const line of git(dir, ["cat-file", "--batch-all-objects", "--batch-check=%(objecttype) %(objectsize)"]).split(
    "\n",
  )) {
    const [type, size] = line.split(" ");
    if (type === "blob") {
      blobs += 1;
      blobBytes += Number(size);
    }
  }
  const sizePack = /size-pack: (\d+)/.exec(git(dir, ["count-objects", "-v"]));
  return { commits, blobs, blobBytes, packBytes: Number(sizePack?.[1] ?? 0) * 1024 };
}

async function replay(dir, tree, params, log) {
  const child = spawn("git", ["fast-import", "--quiet"], { cwd: dir, stdio: ["pipe", "ignore", "inherit"] });
  const exited = once(child, "exit");
  const write = async (chunk) => {
    if (!child.stdin.write(chunk)) await once(child.stdin, "drain");
  };
  const prng = createPrng(params.seed + 1);
  const seen = new Set();
  const current = new Map();
  let commits = 0;
  let blobBytes = 0;
  const commit = async (message, ops) => {
    const author = `${AUTHORS[commits % AUTHORS.length]} ${1577836800 + commits * 300} +0000`;
    await write(
      `commit refs/heads/main\nauthor ${author}\ncommitter ${author}\ndata ${Buffer.byteLength(message)}\n${message}\n`,
    );
    for (const op of ops) {
      if (op.data === undefined) await write(`D ${op.path}\n`);
      else {
        const id = createHash("sha1").update(`blob ${op.data.length}\0`).update(op.data).digest("hex");
        if (!seen.has(id)) {
          seen.add(id);
          blobBytes += op.data.length;
        }
        await write(`M 100644 inline ${op.path}\ndata ${op.data.length}\n`);
        await write(op.data);
        await write("\n");
      }
    }
    await write("\n");
    commits += 1;
  };
  for (let i = 0; i < tree.files.length; i += params.addBatch) {
    const batch = tree.files.slice(i, i + params.addBatch);
    await commit(
      `Add ${batch[0]} and ${batch.length - 1} more`,
      batch.map((path) => ({ path, data: readFileSync(join(tree.dir, path)) })),
    );
  }
  log(
    `  history: ${commits} commits add ${tree.files.length} files (${(blobBytes / 1e6).toFixed(1)} MB of unique blobs)`,
  );
  const editable = tree.files.filter((path) => statSync(join(tree.dir, path)).size <= params.maxEditFileBytes);
  const leaks = planLeaks(params, commits);
  const planted = [];
  for (let edit = 0; commits < params.minCommits || blobBytes < params.minBlobBytes; edit++) {
    const ops = [];
    for (let k = 1 + prng.int(2); k > 0; k--) {
      const path = prng.pick(editable);
      const before = current.get(path) ?? readFileSync(join(tree.dir, path));
      const after = editFile(before, prng, edit);
      current.set(path, after);
      ops.push({ path, data: after });
    }
    const leak = leaks.get(commits);
    if (leak?.add) ops.push({ path: leak.path, data: Buffer.from(leak.secrets.map((s) => s.text).join("")) });
    if (leak?.add) planted.push(...leak.secrets.map(({ kind, hashes }) => ({ kind, path: leak.path, hashes })));
    if (leak && !leak.add) ops.push({ path: leak.path });
    await commit(leak ? `${leak.add ? "Add" : "Remove"} ${leak.path}` : `Edit ${ops[0].path}`, ops);
    if (commits % 5000 === 0) log(`  history: ${commits} commits, ${(blobBytes / 1e6).toFixed(1)} MB of unique blobs`);
  }
  child.stdin.end();
  const [code] = await exited;
  if (code !== 0) throw new Error(`git fast-import exited with ${code}`);
  return planted;
}

/** Commit number → the secret file it adds or removes; each leak lives `leakLifetime` commits. */
function planLeaks(params, firstEdit) {
  const prng = createPrng(params.seed + 2);
  const leaks = new Map();
  const span = Math.max(
    params.leakLifetime + 1,
    Math.floor((params.minCommits - firstEdit - params.leakLifetime) / params.leaks),
  );
  for (let i = 0; i < params.leaks; i++) {
    const at = firstEdit + i * span + 1;
    const path = `config/leak-${i + 1}.env`;
    leaks.set(at, { add: true, path, secrets: [githubToken(prng), awsKeyPair(prng)] });
    leaks.set(at + params.leakLifetime, { add: false, path });
  }
  return leaks;
}

/** The offset just after the first newline at or after `offset` (the length if none). */
function nextLine(buffer, offset) {
  const newline = buffer.indexOf(10, offset);
  return newline === -1 ? buffer.length : newline + 1;
}

/** Appends one to three lines, or replaces one line, with deterministic code-like text. */
function editFile(before, prng, edit) {
  const line = () =>
    `  ${prng.pick(WORDS)}${edit}(${prng.pick(WORDS)}, ${prng.int(1000)}); // revise ${prng.pick(WORDS)} ${prng.pick(WORDS)}\n`;
  if (prng.next() < 0.5) {
    const lines = Array.from({ length: 1 + prng.int(3) }, line).join("");
    const glue = before.length > 0 && before[before.length - 1] !== 10 ? "\n" : "";
    return Buffer.concat([before, Buffer.from(glue + lines)]);
  }
  const start = nextLine(before, prng.int(before.length));
  const end = nextLine(before, start);
  return Buffer.concat([before.subarray(0, start), Buffer.from(line()), before.subarray(end)]);
}
