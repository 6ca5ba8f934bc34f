import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { link, lstat, mkdir, open, rm, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

const KEY_BYTES = 32;

/**
 * This user's secret key for authenticating files secretscan writes where others can write too
 * (a history cache inside a scanned repository). It lives outside any repository, under
 * `$XDG_CACHE_HOME/secretscan` (default `~/.cache/secretscan`), created 0600 in a 0700 folder.
 * Throws when it cannot be read or made, or when it is a link, not a regular file, not owned by
 * this user or open to others: a key someone else could read or replace authenticates nothing.
 */
export async function userCacheKey(env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const dir = join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "secretscan");
  const path = join(dir, "cache-key");
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (!(await lstat(path).catch(() => undefined))) await createKey(path);
  const info = await lstat(path);
  const uid = process.getuid?.();
  const isPrivate = process.platform === "win32" || ((info.mode & 0o077) === 0 && info.uid === uid);
  if (!info.isFile() || !isPrivate) throw new Error(`${path} is not a regular file only its owner can read`);
  const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    const key = await handle.readFile();
    if (key.length !== KEY_BYTES) throw new Error(`${path} does not hold a ${KEY_BYTES}-byte key`);
    return key;
  } finally {
    await handle.close();
  }
}

/** Writes a new key beside `path` and links it into place: a process racing this one sees the whole key or none. */
async function createKey(path: string): Promise<void> {
  const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  await writeFile(temp, randomBytes(KEY_BYTES), { mode: 0o600, flag: "wx" });
  try {
    await link(temp, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  } finally {
    await rm(temp, { force: true });
  }
}
