import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * Heavy CommonJS dependencies, loaded on first use instead of at start-up: a `staged` pre-commit
 * run with the built-in rules (read from the build's cache) never parses YAML or validates a
 * schema, and loading ajv, yaml and fast-glob costs about 100 ms of its latency budget.
 */
export const lazyModules = {
  ajv: once(() => require("ajv") as typeof import("ajv")),
  yaml: once(() => require("yaml") as typeof import("yaml")),
  /** fast-glob and ignore list directories outside git work trees only. */
  fastGlob: once(() => require("fast-glob") as typeof import("fast-glob")),
  ignore: once(() => require("ignore") as typeof import("ignore")),
};

function once<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}
