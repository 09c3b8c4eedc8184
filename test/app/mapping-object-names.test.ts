import { describe, expect, it } from "vitest";
import { choicesFromAuto, toMapping } from "../../src/app/mapping-model.ts";
import { seed } from "./fixtures.ts";

describe("variables named like members of JavaScript objects in the mapping step", () => {
  const names = ["constructor", "toString", "hasOwnProperty", "__proto__"];
  const protocol = {
    ...seed,
    variables: [
      ...seed.variables,
      ...names.map((name) => ({ name, type: "number" as const, description: name })),
    ],
  };

  it("an unmatched one has no column", () => {
    const auto = {
      mapping: { version: 1 as const, protocol: seed.id, columns: {} },
      matches: [],
      unmapped: [],
      problems: [],
    };
    const choices = choicesFromAuto(protocol, auto);
    for (const name of names)
      expect(choices.find((c) => c.variable === name)).toEqual({
        variable: name,
        column: null,
        confidence: 0,
      });
  });

  it("each one mapped is saved in the mapping document under its own name", () => {
    const choices = names.map((variable, k) => ({ variable, column: `col${k}`, confidence: 1 }));
    const doc = JSON.parse(JSON.stringify(toMapping(protocol.id, choices))) as {
      columns: Record<string, { column: string }>;
    };
    expect(Object.keys(doc.columns).sort()).toEqual([...names].sort());
    expect(Object.hasOwn(doc.columns, "__proto__")).toBe(true);
  });
});
