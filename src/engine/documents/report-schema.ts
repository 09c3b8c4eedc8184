/**
 * JSON Schema of an aggregate report file (docs/report-schema.md), as an earlier report is read
 * back into the ledger (the app's "add an earlier report…", `prescreen report --ledger`). Every
 * count a ledger reads is checked, so a count of the wrong type is reported, never skipped.
 */
export const REPORT_SCHEMA_ID = "urn:cohort-prescreener:aggregate-report:2";

const text = { type: "string" } as const;
const count = { $ref: "#/$defs/count" } as const;
const counts = (...names: string[]) => Object.fromEntries(names.map((n) => [n, count]));
const STATUS = ["eligible", "needsReview", "ineligible", "total"];
const status = (extra: Record<string, unknown> = {}) => ({
  type: "object",
  required: STATUS,
  properties: { ...counts(...STATUS), ...extra },
});
const list = (items: object) => ({ type: "array", items });

export const REPORT_DOCUMENT_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: REPORT_SCHEMA_ID,
  title: "Cohort Pre-screener aggregate report, version 2",
  type: "object",
  required: [
    "schema",
    "version",
    "generated",
    "protocol",
    "parameters",
    "source",
    "suppression",
    "headline",
    "funnel",
    "criteria",
    "combinations",
    "subgroups",
  ],
  additionalProperties: false,
  properties: {
    $schema: text,
    schema: { const: "cohort-prescreener/aggregate-report" },
    version: { const: 2 },
    notForSharing: text,
    generated: text,
    protocol: {
      type: "object",
      required: ["id", "title", "version"],
      properties: { id: text, title: text, version: text },
    },
    parameters: {
      type: "object",
      additionalProperties: { type: ["number", "string", "boolean"] },
    },
    source: {
      type: "object",
      required: ["rows"],
      properties: { name: text, fingerprint: text, rows: count },
    },
    suppression: {
      type: "object",
      required: ["enabled", "threshold"],
      properties: {
        enabled: { type: "boolean" },
        threshold: { type: "integer", minimum: 0 },
        display: text,
        rule: text,
        audit: { type: "object" },
      },
    },
    headline: status({
      eligibleRange: { type: "array", prefixItems: [count, count], minItems: 2 },
    }),
    criteriaSetAside: list(text),
    funnel: {
      type: "object",
      required: ["start", "steps"],
      properties: {
        start: count,
        steps: list({
          type: "object",
          required: ["id"],
          properties: {
            id: text,
            label: text,
            ...counts(
              "remainingLow",
              "remainingHigh",
              "removedLow",
              "removedHigh",
              "unknownRemaining",
            ),
          },
        }),
      },
    },
    attrition: list({ type: "object" }),
    criteria: list({
      type: "object",
      required: ["id"],
      properties: {
        id: text,
        kind: { enum: ["inclusion", "exclusion"] },
        label: text,
        ...counts("failing", "unknown", "pass", "siteAssessed", "failingAlone", "unknownAlone"),
      },
    }),
    combinations: {
      type: "object",
      required: ["rowsWithAnyFail", "sets", "otherRows"],
      properties: {
        rowsWithAnyFail: count,
        sets: list({
          type: "object",
          required: ["criteria", "count"],
          properties: { criteria: list(text), count },
        }),
        otherRows: count,
      },
    },
    subgroups: list({
      type: "object",
      required: ["name", "groups"],
      properties: {
        name: text,
        groups: list(status({ value: { type: ["string", "null"] } })),
        totals: status(),
      },
    }),
    subgroupsRefused: list({ type: "object" }),
    // added by the app's "Download JSON" (docs/report-schema.md)
    scenario: { type: "object" },
    asOf: { type: "object" },
    completeness: list({ type: "object" }),
    mapping: list({ type: "object" }),
  },
  $defs: {
    /** a published count, or the one marker of an unpublished one */
    count: {
      type: ["integer", "object"],
      minimum: 0,
      required: ["suppressed"],
      properties: { suppressed: { const: true }, display: text },
    },
  },
} as const;
