/*
 * The subset of the SARIF 2.1.0 object model that secretscan writes. Names and shapes follow the
 * OASIS schema (`fixtures/schemas/sarif-schema-2.1.0.json`); only the properties we emit are typed.
 */

/** SARIF's severity of a result or notification. */
export type SarifLevel = "error" | "warning" | "note";

/** A plain-text message (SARIF `message`). */
interface SarifMessage {
  text: string;
}

/** A file relative to a named base (SARIF `artifactLocation`). */
interface SarifArtifactLocation {
  uri: string;
  uriBaseId?: string;
}

/** A span of lines and columns; all 1-based, `endColumn` exclusive (SARIF `region`). */
interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A place in a file (SARIF `location`). We never emit `snippet` or `contextRegion`: no file content. */
export interface SarifLocation {
  /** Set on `relatedLocations` entries, which `message` describes. */
  id?: number;
  physicalLocation: { artifactLocation: SarifArtifactLocation; region?: SarifRegion };
  message?: SarifMessage;
}

/** Metadata describing one rule (SARIF `reportingDescriptor`). */
export interface SarifReportingDescriptor {
  id: string;
  name: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: { text: string; markdown: string };
  helpUri?: string;
  defaultConfiguration: { level: SarifLevel };
  properties: {
    tags: string[];
    "security-severity": string;
    precision: "very-high" | "high" | "medium";
    kind: string;
  };
}

/** One finding (SARIF `result`). */
export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: SarifLocation[];
  /** The identifier paired with a secret (an AWS key id beside its secret): the key to revoke. */
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, string | number | boolean>;
  /** Present on suppressed findings only, so consumers show them as suppressed instead of losing them. */
  suppressions?: SarifSuppression[];
}

/** Why a result is suppressed (SARIF `suppression`): in the source file, or outside it. */
interface SarifSuppression {
  kind: "inSource" | "external";
  justification: string;
}

/** A diagnostic or hint reported about the run rather than about code (SARIF `notification`). */
export interface SarifNotification {
  level: SarifLevel;
  message: SarifMessage;
  locations?: SarifLocation[];
  properties?: Record<string, string>;
}

/** The whole SARIF log: one run, one invocation. */
export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: [
    {
      tool: {
        driver: {
          name: string;
          version: string;
          informationUri: string;
          rules: SarifReportingDescriptor[];
        };
      };
      originalUriBaseIds: Record<string, { uri: string }>;
      columnKind: "utf16CodeUnits";
      /** The repository and revision a git scan looked at (SARIF `versionControlDetails`). */
      versionControlProvenance?: Array<{ repositoryUri: string; revisionId: string; branch?: string }>;
      invocations: [
        {
          executionSuccessful: boolean;
          toolExecutionNotifications: SarifNotification[];
          toolConfigurationNotifications: SarifNotification[];
        },
      ];
      results: SarifResult[];
    },
  ];
}
