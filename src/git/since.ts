import { UserError } from "../problems.js";
import { git } from "./exec.js";

/** Words git reads as the current moment on purpose. */
const NOW_WORDS = /^\s*(now|today)\s*$/i;

/**
 * Checks a `--since` date before the walk. git reads any text it cannot parse as "now", so
 * `--since "not a date"` would silently select nothing: a date is accepted when JavaScript parses
 * it (ISO 8601 and the like), or when git's reading of it is not the current moment (`2 weeks
 * ago`, `yesterday`), or when it names the current moment on purpose.
 */
export async function validateSince(root: string, text: string): Promise<string> {
  const fail = () => new UserError(`--since: not a date: "${text}" (try 2024-01-31 or "2 weeks ago")`);
  if (text.trim() === "" || /[\0\r\n]/.test(text) || text.trim().startsWith("-")) throw fail();
  if (Number.isFinite(Date.parse(text)) || NOW_WORDS.test(text)) return text;
  const before = Math.floor(Date.now() / 1000);
  const { stdout } = await git(root, ["rev-parse", `--since=${text}`]);
  const seconds = Number(/--max-age=(\d+)/.exec(stdout)?.[1]);
  const after = Math.ceil(Date.now() / 1000);
  if (!Number.isFinite(seconds) || (seconds >= before - 1 && seconds <= after + 1)) throw fail();
  return text;
}
