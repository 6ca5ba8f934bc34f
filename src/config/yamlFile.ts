import type { Node } from "yaml";
import { lazyModules } from "../util/lazyModules.js";
import type { Problem } from "../problems.js";

/** A path into a parsed YAML value, as ajv's instancePath segments: keys and array indices. */
export type ValuePath = ReadonlyArray<string | number>;

/** A parsed YAML file that can say where any value (or key) sits in the source. */
export interface YamlFile {
  file: string;
  value: unknown;
  /** 1-based position of the value at `path`, or of the key `key` inside the map at `path`. */
  locate(path: ValuePath, key?: string): { line: number; column: number };
  /** Syntax errors; when non-empty, `value` should not be used. */
  problems: Problem[];
}

/** How many alias expansions a document may need, relative to its size (the yaml library's own measure). */
const MAX_ALIAS_COUNT = 100;

/** Parses YAML text keeping positions, collecting every syntax error with its line and column. */
export function parseYamlFile(text: string, file: string): YamlFile {
  const { LineCounter, parseDocument, isMap, isScalar } = lazyModules.yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const positionOf = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  const problems: Problem[] = doc.errors.map((error) => ({
    file,
    ...positionOf(error.pos[0]),
    message: `YAML syntax: ${error.message.split("\n")[0]}`,
  }));
  const locate = (path: ValuePath, key?: string) => {
    const node = nodeAt(doc.contents as Node | null, path);
    if (node && key !== undefined && isMap(node)) {
      const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
      const keyNode = pair?.key as Node | undefined;
      if (keyNode?.range) return positionOf(keyNode.range[0]);
    }
    return positionOf(node?.range?.[0] ?? 0);
  };
  const value = problems.length ? undefined : toValue(doc, file, problems);
  return { file, value, locate, problems };
}

/**
 * The document as plain data, with alias expansion bounded (a "billion laughs" document is refused
 * instead of exhausting memory). Failures become a problem that quotes nothing of the file: the
 * yaml library's alias messages quote the alias name, which may be a secret.
 */
function toValue(
  doc: { toJS(options: { maxAliasCount: number }): unknown },
  file: string,
  problems: Problem[],
): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const message = /excessive alias/i.test((error as Error).message)
      ? "YAML: too many aliases (more than the document's size justifies); refusing to expand them"
      : "YAML: an alias names no anchor defined before it";
    problems.push({ file, line: 1, column: 1, message });
    return undefined;
  }
}

function nodeAt(root: Node | null, path: ValuePath): Node | null {
  let node: Node | null = root;
  for (const segment of path) {
    const child = childOf(node, segment);
    if (!child) return node;
    node = child;
  }
  return node;
}

function childOf(node: Node | null, segment: string | number): Node | null {
  const { isMap, isScalar, isSeq } = lazyModules.yaml();
  if (isMap(node)) {
    const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
    return (pair?.value as Node | null) ?? null;
  }
  if (isSeq(node)) return (node.items[Number(segment)] as Node | null) ?? null;
  return null;
}
