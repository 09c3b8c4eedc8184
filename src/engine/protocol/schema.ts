/** JSON Schema (2020-12) of a protocol document. Unknown fields are rejected. */
import { SOURCE_PROFILE_SCHEMA } from "../../events/profile-schema.ts";

export const PROTOCOL_SCHEMA = {
  $schema: "https://json-schema.org/draft/2020-12/schema",
  $id: "cohort-prescreener/protocol.schema.json",
  title: "Cohort Pre-screener protocol",
  type: "object",
  additionalProperties: false,
  required: ["id", "title", "version", "parameters", "variables", "criteria"],
  properties: {
    $schema: { type: "string" },
    id: { type: "string", pattern: "^[a-z0-9][a-z0-9-]*$" },
    title: { type: "string", minLength: 1 },
    version: { type: "string", minLength: 1 },
    source: { type: "string" },
    description: { type: "string" },
    idVariable: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
    parameters: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "type", "default"],
        properties: {
          name: { $ref: "#/$defs/name" },
          type: { enum: ["number", "date", "boolean"] },
          unit: { type: "string" },
          default: { type: ["number", "string", "boolean"] },
          min: { type: "number" },
          max: { type: "number" },
          step: { type: "number", exclusiveMinimum: 0 },
          label: { type: "string" },
          description: { type: "string" },
        },
      },
    },
    variables: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "type", "description"],
        properties: {
          name: { $ref: "#/$defs/name" },
          type: { enum: ["number", "date", "boolean", "category"] },
          unit: { type: "string" },
          altUnits: { type: "array", items: { type: "string" } },
          values: { type: "array", items: { type: "string" }, minItems: 1 },
          multiValued: { type: "boolean" },
          order: { type: "array", items: { type: "string" }, minItems: 2 },
          molarMass: { type: "number", exclusiveMinimum: 0 },
          plausible: { type: "array", items: { type: "number" }, minItems: 2, maxItems: 2 },
          synonyms: { type: "array", items: { type: "string" } },
          description: { type: "string" },
        },
      },
    },
    derived: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "expr"],
        properties: {
          name: { $ref: "#/$defs/name" },
          expr: { type: "string", minLength: 1 },
          description: { type: "string" },
        },
      },
    },
    sources: {
      type: "object",
      additionalProperties: false,
      properties: { omop: SOURCE_PROFILE_SCHEMA },
    },
    tables: {
      type: "array",
      items: {
        type: "object",
        additionalProperties: false,
        required: ["name", "type", "entries"],
        properties: {
          name: { $ref: "#/$defs/name" },
          type: { enum: ["number", "boolean"] },
          unit: { type: "string" },
          // entry values are checked against the table's type (clearer than a schema message)
          entries: { type: "object", minProperties: 1 },
          default: { type: ["number", "boolean"] },
          description: { type: "string" },
        },
      },
    },
    criteria: {
      type: "array",
      minItems: 1,
      items: {
        type: "object",
        additionalProperties: false,
        required: ["id", "kind", "label", "text"],
        properties: {
          id: { type: "string", pattern: "^[A-Za-z][A-Za-z0-9_.-]*$" },
          kind: { enum: ["inclusion", "exclusion"] },
          label: { type: "string", minLength: 1 },
          text: { type: "string", minLength: 1 },
          rule: { type: "string", minLength: 1 },
          siteAssessed: { type: "string", minLength: 1 },
          notes: { type: "string" },
        },
      },
    },
  },
  $defs: {
    name: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
  },
} as const;
