import type { ErrorObject, ValidateFunction } from "ajv";
import { lazyModules } from "../util/lazyModules.js";
import { readPackageJson } from "../util/packageFiles.js";
import type { Problem } from "../problems.js";
import type { ValuePath, YamlFile } from "./yamlFile.js";

let validator: ValidateFunction | undefined;

function getValidator(): ValidateFunction {
  if (!validator) {
    const schema = readPackageJson("schemas/secretscanrc.schema.json") as object;
    const ajv = new (lazyModules.ajv().Ajv)({ allErrors: true, strict: false, validateFormats: false, verbose: true });
    validator = ajv.compile(schema);
  }
  return validator;
}

/** Validates a parsed config or rules file against the shipped JSON Schema; every problem, with positions. */
export function validateConfigShape(yaml: YamlFile): Problem[] {
  const validate = getValidator();
  if (validate(yaml.value ?? {})) return [];
  return (validate.errors ?? []).filter(isUseful).map((error) => toProblem(yaml, error));
}

function isUseful(error: ErrorObject): boolean {
  return error.keyword !== "if" && error.keyword !== "anyOf";
}

function toProblem(yaml: YamlFile, error: ErrorObject): Problem {
  const path: ValuePath = error.instancePath
    .split("/")
    .slice(1)
    .map((part) => part.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const key = error.keyword === "additionalProperties" ? String(error.params.additionalProperty) : undefined;
  const position = yaml.locate(path, key);
  const ruleId = ruleIdAt(yaml.value, path);
  return { file: yaml.file, ...position, ...(ruleId ? { ruleId } : {}), message: describe(error, path) };
}

/** The id of the rule that `path` points into, when it points into `rules[n]`. */
function ruleIdAt(value: unknown, path: ValuePath): string | undefined {
  if (path[0] !== "rules" || typeof path[1] !== "number") return undefined;
  const rules = (value as { rules?: unknown[] } | undefined)?.rules;
  const rule = rules?.[path[1]] as { id?: unknown } | undefined;
  return typeof rule?.id === "string" ? rule.id : undefined;
}

function describe(error: ErrorObject, path: ValuePath): string {
  const where = path.length ? `"${path.join(".")}"` : "the file";
  switch (error.keyword) {
    case "additionalProperties": {
      const key = String(error.params.additionalProperty);
      const hint = suggest(key, allowedKeys(error));
      return `unknown key "${key}" in ${where}${hint ? ` (did you mean "${hint}"?)` : ""}`;
    }
    case "required":
      return `missing required key "${String(error.params.missingProperty)}" in ${where}`;
    case "false schema":
      return `${where} is not allowed here (examplePaths and negativeExamplePaths belong to kind: config-file rules)`;
    case "enum":
      return `${where} must be one of: ${(error.params.allowedValues as unknown[]).join(", ")}`;
    default:
      return `${where} ${error.message ?? "is invalid"}`;
  }
}

function allowedKeys(error: ErrorObject): string[] {
  const properties = (error.parentSchema as { properties?: Record<string, unknown> } | undefined)?.properties;
  return Object.keys(properties ?? {});
}

function suggest(word: string, candidates: string[]): string | undefined {
  let best: { candidate: string; distance: number } | undefined;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { candidate, distance };
  }
  return best?.candidate;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
