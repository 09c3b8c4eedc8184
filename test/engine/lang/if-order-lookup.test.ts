/** if(c, a, b), ordered categories and lookup tables: semantics, errors and validation. */
import { describe, expect, it } from "vitest";
import {
  checkRule,
  compileProtocol,
  evaluateProtocol,
} from "../../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import { validateProtocol } from "../../../src/engine/protocol/validate.ts";
import { FALSE, TRUE, UNKNOWN } from "../../../src/engine/types.ts";
import { P, table, truths, type Cell } from "./helpers.ts";

const Q: Protocol = {
  ...P,
  variables: [
    ...P.variables,
    { name: "ecog", type: "category", order: ["0", "1", "2", "3", "4"], description: "" },
    {
      name: "nyha",
      type: "category",
      values: ["I", "II", "III", "IV"],
      order: ["I", "II", "III", "IV"],
      description: "",
    },
    {
      name: "drug",
      type: "category",
      values: ["metformin", "insulin glargine", "sitagliptin"],
      description: "",
    },
    { name: "liver_mets", type: "boolean", description: "" },
  ],
  tables: [
    {
      name: "max_dose",
      type: "number",
      unit: "mg",
      entries: { metformin: 2550, "Insulin glargine": 100, sitagliptin: 100 },
      description: "labelled maximum daily dose",
    },
    { name: "is_dpp4", type: "boolean", entries: { sitagliptin: true, metformin: false } },
    { name: "is_biguanide", type: "boolean", entries: { metformin: true }, default: false },
  ],
};

function run(rule: string, cols: Record<string, Cell[]>): number[] {
  const p: Protocol = {
    ...Q,
    criteria: [{ id: "X", kind: "inclusion", label: "X", text: rule, rule }],
  };
  const { compiled, problems } = compileProtocol(p);
  if (!compiled) throw new Error(problems.map((x) => x.message).join("; "));
  return [...evaluateProtocol(compiled, table(p, cols)).truths[0]!];
}
const errs = (rule: string) =>
  checkRule(Q, rule).map(
    (p) => `${p.column}: ${p.severity === "warning" ? "warning: " : ""}${p.message}`,
  );

describe("if(condition, then, else)", () => {
  // AST/ALT <= 2.5 x ULN, or <= 5 x ULN with liver metastases
  const rule = "alt <= if(liver_mets, 5, 2.5) * alt_uln";
  it("chooses a branch; an unknown condition gives the hull of both", () => {
    // alt_uln 40: 100 = 2.5 x, 200 = 5 x
    expect(
      run(rule, {
        alt: [150, 150, 150, 90, 210, null],
        liver_mets: [true, false, null, null, null, true],
      }),
    ).toEqual([TRUE, FALSE, UNKNOWN, TRUE, FALSE, UNKNOWN]);
  });
  it("on conditions: decided where both branches agree", () => {
    expect(
      run("if(pregnant, a, b)", {
        pregnant: [true, false, null, null, null],
        a: [true, true, true, false, null],
        b: [false, false, true, false, true],
      }),
    ).toEqual([TRUE, FALSE, TRUE, FALSE, UNKNOWN]);
  });
  it("on dates: a constant condition folds; branches convert to one unit", () => {
    expect(truths("if(true, hb, 5 g/dL) >= 60", { hb: [60, 59] })).toEqual([TRUE, FALSE]);
    expect(truths("if(a, hb, 5 g/dL) >= 50", { hb: [60, 40], a: [null, null] })).toEqual([
      TRUE,
      UNKNOWN,
    ]);
    expect(
      truths("if(a, biopsy_date, screening_date) < date '2030-01-01'", {
        a: [null],
        biopsy_date: ["2020-01-01"],
      }),
    ).toEqual([UNKNOWN]);
  });
  it("reports wrong arguments", () => {
    expect(errs("if(a, hb) > 1")).toEqual([
      "1: if takes 3 arguments (condition, then, else), got 2",
    ]);
    expect(errs("if(hb, 1, 2) > 1")).toEqual([
      "4: the first argument of if must be a condition, but this is a number in g/L",
    ]);
    expect(errs("if(a, hb, upcr) > 1")).toEqual(["1: cannot choose between g/L with g/g"]);
    expect(errs("if(a, hb, b)")).toEqual([
      "1: both branches of if must be of one type: a number in g/L and a condition",
    ]);
  });
});

describe("ordered categories", () => {
  it("compare by their order with numbers or quoted values, either side", () => {
    const ecog = ["0", "1", "2", "4", "5", null];
    expect(run("ecog <= 1", { ecog })).toEqual([TRUE, TRUE, FALSE, FALSE, UNKNOWN, UNKNOWN]);
    expect(run("ecog < '2'", { ecog })).toEqual([TRUE, TRUE, FALSE, FALSE, UNKNOWN, UNKNOWN]);
    expect(run("2 <= ecog", { ecog })).toEqual([FALSE, FALSE, TRUE, TRUE, UNKNOWN, UNKNOWN]);
    expect(run("nyha between 'ii' and 'III'", { nyha: ["I", "II", "III", "IV", null] })).toEqual([
      FALSE,
      TRUE,
      TRUE,
      FALSE,
      UNKNOWN,
    ]);
    expect(run("nyha not between 'II' and 'III'", { nyha: ["I", "III"] })).toEqual([TRUE, FALSE]);
    expect(run("nyha >= 'III'", { nyha: ["II", "IV"] })).toEqual([FALSE, TRUE]);
  });
  it("refuses values outside the order, and order on unordered categories", () => {
    expect(errs("ecog <= 7")).toEqual([
      "9: '7' is not a value of ecog (in order: 0 < 1 < 2 < 3 < 4)",
    ]);
    expect(errs("nyha between 'II' and 'V'")).toEqual([
      "23: 'V' is not a value of nyha (in order: I < II < III < IV)",
    ]);
    expect(errs("sex < 'male'")).toEqual([
      `1: categories compare only with =, != or in, not '<' (unless the variable declares an "order")`,
    ]);
  });
  it("the order must list exactly the values", () => {
    const bad = structuredClone(Q);
    bad.variables.find((v) => v.name === "nyha")!.order = ["I", "II", "III"];
    bad.criteria = [{ id: "X", kind: "inclusion", label: "X", text: "x", rule: "a" }];
    expect(validateProtocol(bad).problems.map((p) => `${p.where} ${p.message}`)).toContain(
      "/variables/18/order the order of 'nyha' must list exactly its values; not in both: 'iv'",
    );
  });
});

describe("lookup tables", () => {
  it("read a number (with its unit) or a condition by a category key", () => {
    const drug = ["Metformin", "insulin glargine ", "sitagliptin", null];
    expect(run("lookup(max_dose, drug) >= 1 g", { drug })).toEqual([TRUE, FALSE, FALSE, UNKNOWN]);
    expect(run("lookup(is_dpp4, drug)", { drug })).toEqual([FALSE, UNKNOWN, TRUE, UNKNOWN]);
    expect(run("lookup(is_biguanide, drug)", { drug })).toEqual([TRUE, FALSE, FALSE, UNKNOWN]);
  });
  it("reports unknown tables, bad keys and keys without an entry", () => {
    expect(errs("lookup(max_dos, drug) > 1")).toEqual([
      "8: unknown table 'max_dos' — did you mean 'max_dose'?",
    ]);
    expect(errs("lookup(max_dose, hb) > 1")).toEqual([
      "18: the key of lookup must be a category, but this is a number in g/L",
    ]);
    expect(errs("max_dose > 1")).toEqual([
      "1: 'max_dose' is a table: read it as lookup(max_dose, key)",
    ]);
    expect(errs("lookup(is_dpp4, drug)")).toEqual([
      "17: warning: table 'is_dpp4' has no entry for 'insulin glargine': those patients read as unknown (give the table a default to decide them)",
    ]);
  });
  it("are validated: entry types, units, duplicate keys and names", () => {
    const bad = structuredClone(Q) as unknown as {
      tables: Record<string, unknown>[];
      criteria: unknown[];
    };
    bad.criteria = [{ id: "X", kind: "inclusion", label: "X", text: "x", rule: "a" }];
    bad.tables[0]!.entries = { metformin: "2550", Metformin: 1 };
    bad.tables[0]!.unit = "mgg";
    bad.tables[1]!.name = "hb";
    const msgs = validateProtocol(bad).problems.map((p) => `${p.where} ${p.message}`);
    expect(msgs).toEqual(
      expect.arrayContaining([
        "/tables/0/entries/metformin table 'max_dose' holds numbers, but 'metformin' is \"2550\"",
        "/tables/0/entries table 'max_dose' has the key 'metformin' more than once (keys ignore case and spaces)",
        "/tables/0/unit unknown unit 'mgg'",
        "/ the name 'hb' is declared more than once",
      ]),
    );
  });
});
