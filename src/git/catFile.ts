import { ByteReader } from "./byteReader.js";
import { firstLine, GitError, spawnGit, type GitChild } from "./exec.js";

/** One answer of `git cat-file --batch`: an object's header and content, or `missing`. */
export type CatFileObject =
  | { oid: string; isMissing: false; type: string; size: number; content: Buffer }
  | { oid: string; isMissing: true };

/** A full object id: only these are ever written to git. */
const OBJECT_ID = /^[0-9a-f]{40,64}$/;

/** `oid`, once checked to be a full object id (so nothing can inject a command into a batch protocol). */
function checkedId(oid: string): string {
  if (!OBJECT_ID.test(oid)) throw new Error(`not an object id: ${JSON.stringify(oid)}`);
  return oid;
}

/** How many object ids are written to git at a time. */
const BATCH_SIZE = 256;
/** Batches written ahead of the one whose answers are being read: git never waits for ids. */
const BATCHES_AHEAD = 2;
/** Answers read from git ahead of the caller, at most: git inflates the next blobs meanwhile. */
const READ_AHEAD_BYTES = 8 * 1024 * 1024;

/** One `git cat-file --batch` child and the reader of its answers. */
interface BatchProcess {
  git: GitChild;
  reader: ByteReader;
}

/** A batch of ids written to one process, whose answers are still to be read. */
interface WrittenBatch {
  process: BatchProcess;
  count: number;
}

/**
 * Long-lived `git cat-file --batch` processes (one by default).
 * Object ids are written in batches of 256, up to two batches ahead, and the
 * `<oid> <type> <size>\n<content>\n` answers are read ahead up to 8 MiB a process and parsed one
 * object at a time, so memory holds that much and one blob, never all of them. With several
 * processes, batches go to each in turn and are answered in request order: inflating is git's
 * part of reading history, and one process does it on one CPU.
 * Spawned with an argument array; object ids are validated as hex before they are written, so
 * nothing from a repository can inject a command into the batch protocol.
 */
export class CatFile {
  private readonly processes: BatchProcess[];

  /** Starts `processes` (at least one) `git cat-file --batch` in `cwd`. */
  constructor(cwd: string, processes = 1) {
    this.processes = Array.from({ length: Math.max(1, processes) }, () => {
      const git = spawnGit(cwd, ["cat-file", "--batch"]); // a dying child is reported by the reader
      return { git, reader: new ByteReader(git.process.stdout, READ_AHEAD_BYTES) };
    });
  }

  /** Yields one answer per requested id, in request order. */
  async *objects(oids: Iterable<string>): AsyncGenerator<CatFileObject> {
    const written: WrittenBatch[] = [];
    let batch: string[] = [];
    let sent = 0;
    const write = () => {
      const process = this.processes[sent++ % this.processes.length] as BatchProcess;
      process.git.process.stdin.write(`${batch.join("\n")}\n`);
      written.push({ process, count: batch.length });
      batch = [];
    };
    const ahead = BATCHES_AHEAD * this.processes.length;
    for (const oid of oids) {
      batch.push(checkedId(oid));
      if (batch.length < BATCH_SIZE) continue;
      write();
      if (written.length > ahead) yield* answers(written.shift() as WrittenBatch);
    }
    if (batch.length > 0) write();
    for (let next = written.shift(); next; next = written.shift()) yield* answers(next);
  }

  /** Closes git's input and waits for it to exit. Safe to call more than once. */
  async close(): Promise<void> {
    await Promise.all(
      this.processes.map(({ git }) => {
        git.process.stdin.end();
        git.process.stdout.destroy(); // unread answers (an abandoned batch) make git exit on a broken pipe
        return git.exited;
      }),
    );
  }
}

/** The answers to one written batch, in order. */
async function* answers({ process, count }: WrittenBatch): AsyncGenerator<CatFileObject> {
  for (let i = 0; i < count; i++) yield await readOne(process);
}

/** The next answer of one process: a header line, then the content and its newline. */
async function readOne({ git, reader }: BatchProcess): Promise<CatFileObject> {
  const header = await reader.readLine();
  if (header === undefined) throw new GitError("cat-file", git.stderr() || "exited unexpectedly");
  const [oid = "", type = "", size = ""] = header.split(" ");
  if (type === "missing") return { oid, isMissing: true };
  const bytes = Number(size);
  if (!Number.isSafeInteger(bytes)) throw new GitError("cat-file", `unexpected answer: ${header.slice(0, 100)}`);
  const content = await reader.readExact(bytes);
  await reader.readExact(1); // the newline after the content
  return { oid, isMissing: false, type, size: bytes, content };
}

/** Object sizes in bytes from one `git cat-file --batch-check` run; missing objects are absent from the map. */
export async function objectSizes(cwd: string, oids: Iterable<string>): Promise<Map<string, number>> {
  const sizes = new StreamedSizes(cwd);
  try {
    for (const oid of oids) sizes.add(oid);
  } catch (error) {
    sizes.abort();
    throw error;
  }
  return sizes.result();
}

/**
 * Object sizes asked for while the ids are still being found (a history walk): ids go to one
 * `git cat-file --batch-check` in batches as they come, so git answers while the walk goes on,
 * and the answers are parsed at once at the end. Missing objects are absent from the result.
 */
export class StreamedSizes {
  /** Started at the first id asked about: a walk that meets no new blob (its sizes all known) needs no git at all. */
  private git: GitChild | undefined;
  private readonly output: Buffer[] = [];
  private readonly asked = new Set<string>();
  private pending: string[] = [];

  /** Will run `git cat-file --batch-check` in `cwd` once there is something to ask. */
  constructor(private readonly cwd: string) {}

  /** Asks for the size of `oid` (once, however often it is added). */
  add(oid: string): void {
    if (this.asked.has(oid)) return;
    this.asked.add(checkedId(oid));
    this.pending.push(oid);
    if (this.pending.length >= BATCH_SIZE) this.flush();
  }

  /** The sizes of every object added; call once, after the last `add`. */
  async result(): Promise<Map<string, number>> {
    this.flush();
    const git = this.git;
    if (!git) return new Map();
    git.process.stdin.end();
    const code = await git.exited;
    if (code !== 0) throw new GitError("cat-file", firstLine(git.stderr()) || `--batch-check exited with ${code}`);
    // Answers come in the order asked: keyed by the ids as given (strings the caller keeps anyway),
    // not by pieces of git's output, which would keep all of that output alive.
    const sizes = new Map<string, number>();
    const asked = this.asked.values();
    for (const line of Buffer.concat(this.output).toString("utf8").split("\n")) {
      const [oid = "", type = "", size = ""] = line.split(" ");
      const given = asked.next().value;
      if (type !== "" && type !== "missing" && size !== "") sizes.set(given === oid ? given : oid, Number(size));
    }
    return sizes;
  }

  /** Stops git without waiting for answers (the walk failed). */
  abort(): void {
    this.git?.process.kill();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    if (!this.git) {
      const git = spawnGit(this.cwd, ["cat-file", "--batch-check"]);
      git.process.stdout.on("data", (data: Buffer) => this.output.push(data));
      this.git = git;
    }
    this.git.process.stdin.write(`${this.pending.join("\n")}\n`);
    this.pending = [];
  }
}
