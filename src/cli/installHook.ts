import { printable } from "../report/textFormat.js";
import { existsSync } from "node:fs";
import { lstat, mkdir, readFile, rename } from "node:fs/promises";
import { join, resolve } from "node:path";
import { UserError } from "../problems.js";
import { git } from "../git/exec.js";
import { repositoryRoot } from "../git/refs.js";
import { writeOutputFile } from "../util/outputFile.js";
import type { CliIo } from "./io.js";
import { INSTALL_HOOK_FLAGS } from "./options.js";
import { parseCommand, UsageError } from "./parse.js";

/** The line that marks a hook as ours; its presence makes re-installing safe. */
export const HOOK_MARKER = "# secretscan pre-commit hook";

/** The command hooks run: a globally installed secretscan if there is one, else the project's. */
const HOOK_COMMAND = "npx --no-install secretscan staged";

/** The pre-commit hook script written by `install-hook`. */
export const HOOK_SCRIPT = `#!/bin/sh
${HOOK_MARKER} (written by 'secretscan install-hook'; safe to edit or delete)
# Blocks a commit whose staged changes add a secret. Bypass once: git commit --no-verify
if command -v secretscan >/dev/null 2>&1; then
  exec secretscan staged
fi
exec ${HOOK_COMMAND}
`;

/**
 * `secretscan install-hook [REPO]`: writes the git pre-commit hook where git will run it
 * (`core.hooksPath` and worktrees respected, via `git rev-parse --git-path hooks`). With husky or
 * lefthook in the repository it writes nothing and prints the snippet to add instead. An existing
 * hook secretscan did not write is left alone unless `--force` (then it is kept as a backup); a
 * hook that is a symbolic link is never written through.
 */
export async function installHookCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseCommand(argv, INSTALL_HOOK_FLAGS);
  if (positionals.length > 1)
    throw new UsageError(`install-hook takes one repository path at most (got ${positionals.length})`);
  const root = await repositoryRoot(resolve(io.cwd, positionals[0] ?? "."));
  const manager = hookManagerSnippet(root);
  if (manager) {
    io.stdout.write(manager);
    return 0;
  }
  const { stdout } = await git(root, ["rev-parse", "--git-path", "hooks"], { isHooksPathNeeded: true });
  const hooksDir = resolve(root, stdout.trim());
  const hookPath = join(hooksDir, "pre-commit");
  if ((await lstat(hookPath).catch(() => undefined))?.isSymbolicLink() === true) {
    throw new UserError(
      `${hookPath}: is a symbolic link; not writing through it (it could point out of the repository); remove it or add '${HOOK_COMMAND}' to the hook it points to`,
    );
  }
  const existing = await readFile(hookPath, "utf8").catch(() => undefined);
  if (existing !== undefined && !existing.includes(HOOK_MARKER)) {
    if (values.force !== true) {
      throw new UserError(
        `${hookPath}: a pre-commit hook already exists and was not written by secretscan; add '${HOOK_COMMAND}' to it, or rerun with --force to replace it (a backup is kept)`,
      );
    }
    await rename(hookPath, `${hookPath}.secretscan-backup`);
    io.stdout.write(`secretscan: moved the existing hook to ${printable(hookPath)}.secretscan-backup\n`);
  }
  await mkdir(hooksDir, { recursive: true });
  await writeOutputFile(hookPath, HOOK_SCRIPT, { symlink: "refuse", mode: 0o755 });
  io.stdout.write(`secretscan: installed pre-commit hook at ${printable(hookPath)}\n`);
  return 0;
}

/** When husky or lefthook manages hooks here, the exact snippet to add; otherwise undefined. */
function hookManagerSnippet(root: string): string | undefined {
  if (existsSync(join(root, ".husky"))) {
    return `husky manages this repository's hooks (.husky/); not writing .git/hooks/pre-commit.\nAdd this line to .husky/pre-commit:\n\n${HOOK_COMMAND}\n`;
  }
  const lefthook = ["lefthook.yml", ".lefthook.yml"].find((name) => existsSync(join(root, name)));
  if (lefthook) {
    return `lefthook manages this repository's hooks (${lefthook}); not writing .git/hooks/pre-commit.\nAdd this to ${lefthook}:\n\npre-commit:\n  commands:\n    secretscan:\n      run: ${HOOK_COMMAND}\n`;
  }
  return undefined;
}
