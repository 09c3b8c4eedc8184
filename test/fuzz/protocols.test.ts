import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileProtocol } from "../../src/engine/compile-protocol.ts";
import { parseProtocolJson, validateProtocol } from "../../src/engine/protocol/validate.ts";
import type { Problem, Protocol } from "../../src/engine/protocol/types.ts";
import { FUZZ_SEED, PROTOCOLS, SEED, runs, timed } from "./helpers.ts";
import { checkDocument, docMutationArb, mutateDoc } from "./protocol-props.ts";

type Doc = Record<string, unknown> & Protocol;
const clone = (): Doc => structuredClone(SEED) as Doc;
const wheres = (ps: Problem[]) => ps.map((p) => p.where);

describe("protocol documents with several faults", () => {
  it("accepts the built-in protocols", () => {
    for (const p of PROTOCOLS) {
      expect(validateProtocol(structuredClone(p)).problems).toEqual([]);
      expect(compileProtocol(p).problems.filter((x) => x.severity === "error")).toEqual([]);
    }
  });

  it("lists every wrong type, unknown field and missing field", () => {
    const d = clone() as unknown as Record<string, any>;
    d.title = 42; // wrong type
    d.colour = "blue"; // unknown field
    d.variables[3].unit = ["kg"]; // wrong type, nested
    d.variables[5].synonym = ["x"]; // unknown field, nested
    delete d.criteria[2].kind; // missing field
    d.criteria[4].kind = "maybe"; // not an allowed value
    d.parameters[1].default = { days: 28 }; // wrong type
    const { protocol, problems } = validateProtocol(d);
    expect(protocol).toBeUndefined();
    const w = wheres(problems);
    for (const path of [
      "/title",
      "/",
      "/variables/3/unit",
      "/variables/5",
      "/criteria/2",
      "/criteria/4/kind",
      "/parameters/1/default",
    ])
      expect(w, path).toContain(path);
    expect(problems.length).toBeGreaterThanOrEqual(7);
    expect(problems.find((p) => p.where === "/")!.message).toMatch(/unknown field 'colour'/);
    expect(problems.find((p) => p.where === "/variables/5")!.message).toMatch(/synonym/);
    expect(problems.find((p) => p.where === "/criteria/2")!.message).toMatch(
      /missing required field 'kind'/,
    );
    for (const p of problems) expect(p.severity).toBe("error");
  });

  it("lists every duplicate id, duplicate name, unknown unit and bad default", () => {
    const d = clone();
    d.criteria[1]!.id = d.criteria[0]!.id; // duplicate criterion id
    d.variables[2]!.name = d.variables[1]!.name; // duplicate variable name
    d.parameters[0]!.name = d.variables[0]!.name; // a parameter named like a variable
    d.variables[3]!.unit = "furlong"; // unknown unit
    d.variables[3]!.altUnits = ["stone", "kg"]; // one unknown alternative unit
    d.parameters[2]!.unit = "parsec"; // unknown parameter unit
    d.parameters[3]!.default = "65"; // number parameter with a string default
    const { protocol, problems } = validateProtocol(d);
    expect(protocol).toBeUndefined();
    const text = problems.map((p) => `${p.where} ${p.message}`).join("\n");
    for (const m of [
      d.criteria[0]!.id,
      d.variables[1]!.name,
      d.variables[0]!.name,
      "furlong",
      "stone",
      "parsec",
      `'${d.parameters[3]!.name}'`,
    ])
      expect(text, m).toContain(m);
    expect(text).not.toContain("unit 'kg'");
    expect(problems.length).toBeGreaterThanOrEqual(7);
  });

  it("lists semantic faults alongside schema faults", () => {
    const d = clone() as unknown as Record<string, any>;
    d.colour = "blue"; // schema
    d.criteria[1].id = d.criteria[0].id; // semantic
    d.variables[3].unit = "furlong"; // semantic
    const text = validateProtocol(d)
      .problems.map((p) => `${p.where} ${p.message}`)
      .join("\n");
    expect(text).toContain("colour");
    expect(text).toContain("furlong");
    expect(text).toContain(`'${d.criteria[0].id}'`);
  });
});

describe("circular derived variables", () => {
  const withDerived = (derived: { name: string; expr: string }[], rule: string): Protocol => ({
    ...SEED,
    derived: [...(SEED.derived ?? []), ...derived],
    criteria: [...SEED.criteria, { id: "Z1", kind: "inclusion", label: "z", text: "z", rule }],
  });

  it.each([
    [
      [
        { name: "zz_a", expr: "zz_b + 1" },
        { name: "zz_b", expr: "zz_a + 1" },
      ],
      "zz_a > 1",
      "zz_a → zz_b → zz_a",
    ],
    [[{ name: "zz_s", expr: "zz_s and true" }], "zz_s", "zz_s → zz_s"],
    [
      [
        { name: "zz_x", expr: "zz_y" },
        { name: "zz_y", expr: "zz_z * 2" },
        { name: "zz_z", expr: "age + zz_x" },
      ],
      "zz_z > 1",
      "zz_x → zz_y → zz_z → zz_x",
    ],
  ])("rejects %j, naming the cycle", (derived, rule, cycle) => {
    const p = withDerived(derived, rule);
    expect(validateProtocol(structuredClone(p)).problems).toEqual([]); // the schema is satisfied
    const { compiled, problems } = timed("cycle", () => compileProtocol(p));
    expect(compiled).toBeUndefined();
    const text = problems.map((x) => x.message).join("\n");
    expect(text).toMatch(/depends on itself/);
    // the cycle is named (starting anywhere on it)
    const names = cycle.split(" → ").slice(0, -1);
    expect(
      names.some((_, k) =>
        text.includes([...names.slice(k), ...names.slice(0, k), names[k]].join(" → ")),
      ),
    ).toBe(true);
    // every derived on the cycle gets its own problem
    for (const n of names)
      expect(
        problems.some((x) => x.where.startsWith("/derived/") && x.message.includes(`'${n}'`)),
        n,
      ).toBe(true);
  });

  it("reports a cycle together with an unrelated rule error and a unit error", () => {
    const p = withDerived([{ name: "zz_s", expr: "zz_s + 1" }], "zz_s > 1");
    p.criteria = p.criteria.map((c, i) =>
      i === 0 ? { ...c, rule: "agee > 18" } : i === 3 ? { ...c, rule: "upcr >= 1 parsec" } : c,
    );
    const { problems } = compileProtocol(p);
    const w = wheres(problems);
    expect(w).toContain("/criteria/0/rule");
    expect(w).toContain("/criteria/3/rule");
    expect(w.some((x) => x.startsWith("/derived/"))).toBe(true);
  });
});

describe("random and mutated protocol documents", () => {
  it("never throws on random JSON values", () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => checkDocument(v, "random")),
      { numRuns: runs(500), seed: FUZZ_SEED + 20 },
    );
  });

  it("never throws on mutated built-in protocols; a rejected document always says why", () => {
    fc.assert(
      fc.property(
        fc.nat(PROTOCOLS.length - 1),
        fc.array(docMutationArb, { minLength: 1, maxLength: 4 }),
        (k, ms) => {
          const doc = mutateDoc(PROTOCOLS[k]!, ms);
          checkDocument(doc, JSON.stringify(ms));
        },
      ),
      { numRuns: runs(400), seed: FUZZ_SEED + 21 },
    );
  });

  it("reports broken JSON text with a line and column", () => {
    const text = JSON.stringify(SEED, null, 2);
    fc.assert(
      fc.property(fc.nat(text.length - 1), fc.nat(text.length), (at, n) => {
        const broken = text.slice(0, at) + text.slice(at + 1 + (n % 3));
        const { protocol, problems } = timed("parse", () => parseProtocolJson(broken));
        if (protocol) return; // the cut happened to keep valid JSON and a valid protocol
        expect(problems.length).toBeGreaterThan(0);
        for (const p of problems) expect(p.message.length).toBeGreaterThan(0);
        const syntax = problems.find((p) => /not valid JSON/.test(p.message));
        if (syntax) {
          const lines = broken.split("\n");
          expect(syntax.line).toBeGreaterThanOrEqual(1);
          expect(syntax.line).toBeLessThanOrEqual(lines.length);
          expect(syntax.column).toBeGreaterThanOrEqual(1);
          expect(syntax.column).toBeLessThanOrEqual(lines[syntax.line! - 1]!.length + 1);
        }
      }),
      { numRuns: runs(200), seed: FUZZ_SEED + 22 },
    );
  });
});
