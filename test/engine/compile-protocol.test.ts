import { describe, expect, it } from "vitest";
import {
  checkRule,
  compileProtocol,
  evaluateProtocol,
  recompileForParams,
  truthToVerdict,
} from "../../src/engine/compile-protocol.ts";
import type { Protocol, ProtocolCriterion } from "../../src/engine/protocol/types.ts";
import { FAIL, PASS, SITE, UNDECIDED } from "../../src/engine/types.ts";
import { P, table } from "./lang/helpers.ts";

const crit = (
  id: string,
  rule: string,
  kind: "inclusion" | "exclusion" = "inclusion",
): ProtocolCriterion => ({ id, kind, label: id, text: rule, rule });
const withCriteria = (criteria: ProtocolCriterion[], extra: Partial<Protocol> = {}): Protocol => ({
  ...P,
  ...extra,
  criteria,
});

describe("truthToVerdict", () => {
  const truth = Uint8Array.of(1, 0, 2);
  it.each([
    ["inclusion", false, [PASS, FAIL, UNDECIDED]],
    ["exclusion", false, [FAIL, PASS, UNDECIDED]],
    ["inclusion", true, [SITE, SITE, SITE]],
    ["exclusion", true, [SITE, SITE, SITE]],
  ] as const)("%s, site-assessed %s", (kind, site, want) => {
    const out = new Uint8Array(3);
    truthToVerdict(kind, site, truth, out);
    expect([...out]).toEqual(want);
  });
});

describe("compileProtocol", () => {
  it("compiles and evaluates criteria, with verdicts from the patient's side", () => {
    const p = withCriteria([
      crit("I1", "upcr >= upcr_min"),
      crit("E1", "hb < 60 g/L", "exclusion"),
      { id: "I2", kind: "inclusion", label: "consent", text: "", siteAssessed: "consent at site" },
    ]);
    const { compiled, problems } = compileProtocol(p);
    expect(problems).toEqual([]);
    const t = table(p, { upcr: [2, 0.5, null], hb: [50, 70, null] });
    const { truths, verdicts } = evaluateProtocol(compiled!, t);
    expect(truths.map((x) => [...x])).toEqual([
      [1, 0, 2],
      [1, 0, 2],
      [2, 2, 2],
    ]);
    expect(verdicts.map((x) => [...x])).toEqual([
      [PASS, FAIL, UNDECIDED],
      [FAIL, PASS, UNDECIDED],
      [SITE, SITE, SITE],
    ]);
    expect(compiled!.criteria.map((c) => c.siteAssessed)).toEqual([false, false, true]);
  });

  it("lists variables and parameters read, with derived expanded", () => {
    const p = withCriteria([crit("I1", "age between min_age and max_age and upcr >= 1 g/g")]);
    const c = compileProtocol(p).compiled!.criteria[0]!;
    expect(c.variables).toEqual(["birth_date", "upcr"]);
    expect(c.parameters).toEqual(["max_age", "min_age", "screening_date"]);
  });

  it("reads a missing column as all unknown", () => {
    const { compiled } = compileProtocol(
      withCriteria([crit("I1", "upcr >= 1 g/g"), crit("I2", "upcr is missing")]),
    );
    const { truths } = evaluateProtocol(compiled!, { nRows: 2, columns: {} });
    expect(truths.map((x) => [...x])).toEqual([
      [2, 2],
      [1, 1],
    ]);
  });

  it("reads a column of the wrong kind as missing rather than crashing", () => {
    const { compiled } = compileProtocol(withCriteria([crit("I1", "upcr >= 1 g/g")]));
    const upcr = { kind: "category" as const, codes: Int32Array.of(0), dict: ["1.5"] };
    expect([...evaluateProtocol(compiled!, { nRows: 1, columns: { upcr } }).truths[0]!]).toEqual([
      2,
    ]);
  });

  it("evaluates across batch boundaries and sub-ranges", () => {
    const n = 5000;
    const p = withCriteria([crit("I1", "sledai >= 2500 and age >= 18")]);
    const cols = {
      sledai: Array.from({ length: n }, (_, i) => (i % 7 === 0 ? null : i)),
      birth_date: Array.from({ length: n }, (_, i) => (i % 2 ? "2000-01-01" : "2010-01-01")),
    };
    const t = table(p, cols);
    const { compiled } = compileProtocol(p);
    const all = evaluateProtocol(compiled!, t).truths[0]!;
    const want = cols.sledai.map((s, i) => (i % 2 === 0 ? 0 : s === null ? 2 : s >= 2500 ? 1 : 0));
    expect([...all]).toEqual(want);
    const part = evaluateProtocol(compiled!, t, 2040, 4100).truths[0]!;
    expect([...part]).toEqual(want.slice(2040, 4100));
  });

  it("reports rule problems at /criteria/i/rule with line and column, and compiles nothing", () => {
    const p = withCriteria([crit("I1", "upcr >= 1 g/g"), crit("I2", "a and\n upcr_x > 1")]);
    const { compiled, problems } = compileProtocol(p);
    expect(compiled).toBeUndefined();
    expect(problems).toEqual([
      {
        where: "/criteria/1/rule",
        line: 2,
        column: 2,
        length: 6,
        message: "unknown variable 'upcr_x' — did you mean 'upcr'?",
        severity: "error",
      },
    ]);
  });

  it("names a cycle among derived values", () => {
    const p = withCriteria([crit("I1", "x1 > 1")], {
      derived: [
        { name: "x1", expr: "x2 + 1" },
        { name: "x2", expr: "x3 * 2" },
        { name: "x3", expr: "x1 - 1" },
      ],
    });
    const { problems } = compileProtocol(p);
    expect(
      problems.some(
        (q) => q.where === "/derived/0/expr" && q.message.includes("x1 → x2 → x3 → x1"),
      ),
    ).toBe(true);
    expect(problems.some((q) => q.where === "/criteria/0/rule")).toBe(true);
  });

  it("lets derived values refer to later ones, and checks unused ones", () => {
    const p = withCriteria([crit("I1", "first > 2")], {
      derived: [
        { name: "first", expr: "second + 1" },
        { name: "second", expr: "sledai * 2" },
        { name: "broken", expr: "nope > 1" },
      ],
    });
    const { problems } = compileProtocol(p);
    expect(problems.map((q) => [q.where, q.message])).toEqual([
      ["/derived/2/expr", "unknown variable 'nope'"],
    ]);
    const ok = compileProtocol({ ...p, derived: p.derived!.slice(0, 2) }).compiled!;
    expect([...evaluateProtocol(ok, table(p, { sledai: [1, 0.4] })).truths[0]!]).toEqual([1, 0]);
  });

  it("rejects duplicate names, unknown units, criteria without rules and bad overrides", () => {
    const p: Protocol = {
      ...P,
      parameters: [
        ...P.parameters,
        { name: "upcr", type: "number", default: 1 },
        { name: "odd", type: "number", unit: "furlongs", default: 1 },
      ],
      criteria: [{ id: "I1", kind: "inclusion", label: "", text: "" }],
    };
    const { compiled, problems } = compileProtocol(p, { upcr_min: "lots", nope: 1 });
    expect(compiled).toBeUndefined();
    const msgs = problems.map((q) => q.message);
    expect(msgs).toContain("the name 'upcr' is declared twice (also at /variables/0)");
    expect(msgs.some((m) => m.startsWith("unknown unit 'furlongs' of parameter 'odd'"))).toBe(true);
    expect(msgs).toContain("criterion I1 needs a 'rule' or a 'siteAssessed' reason");
    expect(msgs).toContain("parameter 'upcr_min' needs a number, got \"lots\"");
    expect(problems.find((q) => q.message.includes("nope"))?.severity).toBe("warning");
  });
});

describe("recompileForParams", () => {
  const p = withCriteria([
    crit("I1", "upcr >= upcr_min"),
    crit("I2", "age >= min_age"),
    crit("I3", "hb > 60 g/L"),
  ]);
  const t = table(p, { upcr: [0.6, 1.2], birth_date: ["2010-01-01", "1990-01-01"], hb: [70, 50] });

  it("recompiles only criteria reading a changed parameter and reuses the others", () => {
    const cp = compileProtocol(p).compiled!;
    const r = recompileForParams(cp, { upcr_min: 0.5 });
    expect(r.changed).toEqual([0]);
    expect(r.compiled!.criteria[1]).toBe(cp.criteria[1]);
    expect(r.compiled!.criteria[2]).toBe(cp.criteria[2]);
    expect(r.compiled!.params.upcr_min).toBe(0.5);
    expect([...evaluateProtocol(cp, t).truths[0]!]).toEqual([0, 1]);
    expect([...evaluateProtocol(r.compiled!, t).truths[0]!]).toEqual([1, 1]);
  });

  it("follows parameters through derived values", () => {
    const cp = compileProtocol(p).compiled!;
    const r = recompileForParams(cp, { screening_date: "2020-01-01" });
    expect(r.changed).toEqual([1]);
    expect([...evaluateProtocol(r.compiled!, t).truths[1]!]).toEqual([0, 1]);
  });

  it("changes nothing when values are equal, and reports bad values", () => {
    const cp = compileProtocol(p).compiled!;
    expect(recompileForParams(cp, { upcr_min: 1 })).toMatchObject({ compiled: cp, changed: [] });
    const bad = recompileForParams(cp, { screening_date: "soon" });
    expect(bad.compiled).toBeUndefined();
    expect(bad.problems[0]!.message).toBe(
      "parameter 'screening_date' needs a date 'YYYY-MM-DD', got \"soon\"",
    );
  });
});

describe("checkRule", () => {
  it("returns [] for a good rule and positioned problems for a bad one", () => {
    expect(checkRule(P, "upcr >= 1 g/g")).toEqual([]);
    expect(checkRule(P, "upcr >= 1 g/g and")).toEqual([
      {
        where: "rule",
        line: 1,
        column: 18,
        length: 1,
        message: "expected a value, a name or '(' but found end of rule",
        severity: "error",
      },
    ]);
  });
  it("knows the clinical functions", () => {
    expect(
      checkRule(P, "cockcroft_gault(age, 70 kg, sex = 'female', creatinine) >= 30 mL/min"),
    ).toEqual([]);
  });
});
