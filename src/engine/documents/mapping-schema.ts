/**
 * JSON Schema of a mapping document (which column feeds each protocol variable, in which unit,
 * with which recoding): what the app saves and `prescreen screen --mapping` reads. Described
 * field by field in docs/documents.md.
 */
export const MAPPING_SCHEMA_ID = "urn:cohort-prescreener:mapping:1";

const text = { type: "string", minLength: 1 } as const;

export const MAPPING_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: MAPPING_SCHEMA_ID,
  title: "Cohort Pre-screener mapping, version 1",
  type: "object",
  required: ["version", "protocol", "columns"],
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    version: { const: 1 },
    protocol: text,
    columns: {
      type: "object",
      additionalProperties: { $ref: "#/$defs/column" },
    },
  },
  $defs: {
    column: {
      type: "object",
      required: ["column"],
      additionalProperties: false,
      properties: {
        column: text,
        unit: text,
        unitColumn: text,
        dateOrder: { enum: ["dmy", "mdy"] },
        values: { type: "object", additionalProperties: { type: ["string", "null"] } },
        trueValues: { type: "array", items: { type: "string" } },
        falseValues: { type: "array", items: { type: "string" } },
      },
    },
  },
} as const;
