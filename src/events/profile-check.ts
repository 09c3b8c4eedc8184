/**
 * A source profile document (JSON text) checked against its schema: the profile, or the
 * problems with their place in the document. Used where a profile is loaded on its own (the
 * app's "long-table profile", the command line's --profile): the one place its rules live.
 */
import { Validator } from "@cfworker/json-schema";
import type { Problem } from "../engine/protocol/types.ts";
import type { SourceProfile } from "./profile.ts";
import { SOURCE_PROFILE_SCHEMA } from "./profile-schema.ts";

const validator = new Validator(
  SOURCE_PROFILE_SCHEMA as unknown as Record<string, unknown>,
  "2020-12",
  false,
);

export function parseProfileJson(
  text: string,
  name: string,
): { profile?: SourceProfile; problems: Problem[] } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return {
      problems: [{ where: name, message: `not JSON: ${(e as Error).message}`, severity: "error" }],
    };
  }
  const r = validator.validate(doc);
  if (r.valid) {
    const profile = doc as SourceProfile;
    // the schema cannot say this: `long` is optional for OMOP profiles, required for long ones
    if (profile.model === "long" && !profile.long)
      return {
        problems: [
          {
            where: `${name}/long`,
            message: `a profile of model "long" needs 'long' (its patient and event files and their columns; docs/protocol-format.md, "Long tables")`,
            severity: "error",
          },
        ],
      };
    return { profile, problems: [] };
  }
  return {
    problems: r.errors
      .filter(
        (e) =>
          !["properties", "additionalProperties", "$ref"].includes(e.keyword) ||
          /additional/.test(e.error),
      )
      .map((e) => ({
        where: `${name}${e.instanceLocation.replace(/^#/, "")}`,
        message: e.error,
        severity: "error" as const,
      })),
  };
}
