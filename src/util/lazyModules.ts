import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/**
 * CommonJS dependencies, loaded on first use instead of at start-up: a `staged` pre-commit run
 * with the built-in rules (read from the build's cache) never parses YAML or validates a schema,
 * and loading ajv and yaml costs about 100 ms of its latency budget. picomatch is needed only for
 * globs beyond `*`; loaded with `require`, it also skips the scan of its source for named exports
 * that an ESM `import` of a CommonJS package costs.
 */
export const lazyModules = {
  ajv: once(() => require("ajv") as typeof import("ajv")),
  yaml: once(() => require("yaml") as typeof import("yaml")),
  picomatch: once(() => require("picomatch") as typeof import("picomatch")),
};

function once<T>(load: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= load());
}
