// Part of `npm run build`, after tsc: bundles the CLI (dist/cli/index.js and the modules it
// imports) into dist/bundle/, which bin/secretscan.js runs. Node 20's ES module loader costs each
// module a resolution, four file operations on the thread pool and a compile of its own: the
// ~100 modules of a `staged` run took more of a pre-commit hook's budget than any scanning step
// (callgrind, prettier clone, one staged file: 986 M -> 908 M instructions, node alone 500 M).
// Chunks: what the entry imports itself (argument parsing, help, --version) is one chunk; modules
// two or more commands share are one more (without it, rolldown cut ~50 chunks and a `staged` run
// loaded 28 of them; now 6: 957 M -> 924 M instructions with --single-threaded, while --version
// loads no more than before); each command, report format and lazily loaded part stays a chunk
// of its own, loaded when used. Dependencies and Node built-ins stay imports. The bundle sits two
// folders below the package root like every module of dist/, so paths taken from
// `import.meta.url` (the package root, the dependencies `require` finds, dist/detect's sources)
// mean the same from either. The programmatic API (dist/index.js) and the detector threads'
// script are the unbundled tsc output.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { build } from "rolldown";

const root = (path) => fileURLToPath(new URL(`../${path}`, import.meta.url));
const { dependencies } = JSON.parse(readFileSync(root("package.json"), "utf8"));
const packages = Object.keys(dependencies);

await build({
  input: { cli: root("dist/cli/index.js") },
  platform: "node",
  external: (id) => id.startsWith("node:") || packages.some((name) => id === name || id.startsWith(`${name}/`)),
  logLevel: "warn",
  output: {
    dir: root("dist/bundle"),
    format: "esm",
    chunkFileNames: "[name]-[hash].js",
    codeSplitting: {
      groups: [
        { name: "initial", tags: ["$initial"], priority: 2 },
        { name: "shared", minShareCount: 2, priority: 1 },
      ],
    },
  },
});
