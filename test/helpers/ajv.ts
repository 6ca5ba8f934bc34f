import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";

/** Absolute path of a file in the repository, from a repo-relative path. */
function repoPath(relative: string): string {
  return fileURLToPath(new URL(`../../${relative}`, import.meta.url));
}

function readJson(relative: string): Record<string, unknown> {
  return JSON.parse(readFileSync(repoPath(relative), "utf8")) as Record<string, unknown>;
}

/**
 * A validator for the official SARIF 2.1.0 schema (fixtures/schemas/sarif-schema-2.1.0.json).
 * The schema is written for draft-04, which ajv 8 does not ship; its only draft-04-specific part is
 * the root `id`, so we rename that to `$id`, drop `$schema` and compile it as draft-07. Formats
 * (uri, date-time) are not checked because ajv-formats is not installed.
 */
export function sarifValidator(): ValidateFunction {
  const { id, $schema: _draft04, ...schema } = readJson("fixtures/schemas/sarif-schema-2.1.0.json");
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  return ajv.compile({ ...schema, $id: String(id) });
}

/** A validator for our JSON report schema (schemas/report.schema.json, draft 2020-12), strict mode on. */
export function reportValidator(): ValidateFunction {
  const ajv = new Ajv2020({ strict: true, validateFormats: false, allErrors: true });
  return ajv.compile(readJson("schemas/report.schema.json"));
}

/** A validator for the required shape of GitLab's secret-detection report (fixtures/schemas/gitlab-secret-detection-shape.json). */
export function gitlabValidator(): ValidateFunction {
  const { $comment: _comment, ...schema } = readJson("fixtures/schemas/gitlab-secret-detection-shape.json");
  return new Ajv({ strict: true, validateFormats: false, allErrors: true }).compile(schema);
}

/** The `$id` of our JSON report schema. */
export function reportSchemaId(): unknown {
  return readJson("schemas/report.schema.json").$id;
}

/** Validation errors as readable lines, for assertion messages. */
export function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? [])
    .map((error) => `${error.instancePath || "/"} ${error.message ?? ""} ${JSON.stringify(error.params)}`)
    .join("\n");
}
