/**
 * JSON Schema (2020-12) of a source profile (profile.ts). The protocol schema embeds it under
 * `sources.omop`; a profile kept in its own file (`<protocol-id>.omop.json`) is validated
 * against it alone. Unknown fields are rejected.
 */
import { EVENT_TABLES, TAKES } from "./profile.ts";

const SPAN = {
  type: "object",
  additionalProperties: false,
  minProperties: 1,
  properties: {
    days: { type: "number", minimum: 0 },
    months: { type: "number", minimum: 0 },
    years: { type: "number", minimum: 0 },
    param: { type: "string", pattern: "^[A-Za-z_][A-Za-z0-9_]*$" },
  },
} as const;

export const SOURCE_PROFILE_SCHEMA = {
  type: "object",
  additionalProperties: false,
  required: ["model", "conceptSets", "variables"],
  properties: {
    $schema: { type: "string" },
    model: { enum: ["omop", "long"] },
    long: {
      type: "object",
      additionalProperties: false,
      required: ["patients", "events"],
      properties: {
        patients: {
          type: "object",
          additionalProperties: false,
          required: ["file", "id"],
          properties: {
            file: { type: "string", minLength: 1 },
            id: { type: "string", minLength: 1 },
            birthDate: { type: "string" },
            birthYear: { type: "string" },
            sex: { type: "string" },
            female: { type: "array", items: { type: "string" } },
            male: { type: "array", items: { type: "string" } },
          },
        },
        events: {
          type: "object",
          propertyNames: { enum: [...EVENT_TABLES] },
          additionalProperties: {
            type: "object",
            additionalProperties: false,
            required: ["file", "patient", "code", "date"],
            properties: {
              file: { type: "string", minLength: 1 },
              patient: { type: "string" },
              code: { type: "string" },
              date: { type: "string" },
              endDate: { type: "string" },
              value: { type: "string" },
              unit: { type: "string" },
            },
          },
        },
      },
    },
    protocol: { type: "string", pattern: "^[a-z0-9][a-z0-9-]*$" },
    description: { type: "string" },
    conceptSets: {
      type: "object",
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        properties: {
          codes: {
            type: "array",
            items: { type: "string", pattern: "^[A-Za-z0-9_ .-]+:[^\\s]+$" },
          },
          concepts: { type: "array", items: { type: "integer" } },
          descendants: { type: "boolean" },
          description: { type: "string" },
        },
      },
    },
    variables: {
      type: "object",
      additionalProperties: {
        type: "object",
        additionalProperties: false,
        required: ["take"],
        properties: {
          take: { enum: [...TAKES] },
          from: { enum: [...EVENT_TABLES] },
          concepts: { type: "string" },
          window: {
            type: "object",
            additionalProperties: false,
            properties: { before: SPAN, after: SPAN },
          },
          nearestTo: { type: "string" },
          value: { enum: ["number", "concept"] },
          map: { type: "object", additionalProperties: { type: "string" } },
          absentMeansNo: { type: "boolean" },
          note: { type: "string" },
        },
      },
    },
    notDerivable: { type: "object", additionalProperties: { type: "string" } },
  },
} as const;
