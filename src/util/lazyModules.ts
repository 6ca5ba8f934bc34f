import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Heavy CommonJS dependencies, loaded on first use instead of at start-up: a `staged` pre-commit
 * run with the built-in rules (read from the build's cache) never parses YAML or validates a
 * schema, and loading ajv and yaml costs about 100 ms of its latency budget.
 */
export const lazyModules = {
  ajv: once(() => require("ajv") as typeof import("ajv")),
  yaml: once(() => require("yaml") as typeof import("yaml")),
};

function once<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}
