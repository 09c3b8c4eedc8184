/**
 * JSON Schema of a scenario file (the app's "Export scenario"): the protocol it runs, parameter
 * values, criteria set aside, the column mapping, the criteria's order, and what differs from
 * the protocol as written (rule edits, added and removed criteria, cells edited by hand).
 * An embedded protocol is checked as a protocol file is (its own schema, names, rules), not
 * here. Described field by field in docs/documents.md.
 */
import { MAPPING_SCHEMA } from "./mapping-schema.ts";

export const SCENARIO_SCHEMA_ID = "urn:cohort-prescreener:scenario:1";

const text = { type: "string" } as const;
// copies: the validator remembers each schema object under the first document's URI it saw
const mapping = structuredClone({
  properties: MAPPING_SCHEMA.properties,
  $defs: MAPPING_SCHEMA.$defs,
});
const name = { type: "string", minLength: 1 } as const;
const names = { type: "array", items: name } as const;

export const SCENARIO_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: SCENARIO_SCHEMA_ID,
  title: "Cohort Pre-screener scenario, version 1",
  type: "object",
  required: ["kind", "version", "protocolId", "overrides", "disabled"],
  additionalProperties: false,
  properties: {
    $schema: text,
    kind: { const: "cohort-prescreener/scenario" },
    version: { const: 1 },
    protocolId: name,
    protocol: { type: "object" },
    overrides: { type: "object", additionalProperties: { type: ["number", "string", "boolean"] } },
    disabled: names,
    mapping: {
      type: "object",
      required: MAPPING_SCHEMA.required,
      additionalProperties: false,
      properties: mapping.properties,
    },
    order: names,
    asWritten: {
      type: "object",
      required: ["id", "version"],
      additionalProperties: false,
      properties: { id: text, version: text },
    },
    differences: { type: "array", items: text },
    rules: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "asWritten"],
        additionalProperties: false,
        properties: { id: name, rule: text, siteAssessed: text, asWritten: text },
      },
    },
    addedCriteria: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "kind", "label", "text"],
        additionalProperties: false,
        properties: {
          id: name,
          kind: { enum: ["inclusion", "exclusion"] },
          label: text,
          text,
          rule: text,
          siteAssessed: text,
          notes: text,
        },
      },
    },
    removedCriteria: names,
    cellEdits: {
      type: "array",
      items: {
        type: "object",
        required: ["row", "patient", "column", "text"],
        additionalProperties: false,
        properties: { row: { type: "integer", minimum: 0 }, patient: text, column: name, text },
      },
    },
  },
  $defs: mapping.$defs,
} as const;
