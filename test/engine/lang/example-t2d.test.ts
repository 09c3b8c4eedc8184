import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../../src/engine/compile-protocol.ts";
import type { Protocol } from "../../../src/engine/protocol/types.ts";
import type { Column } from "../../../src/engine/types.ts";
import example from "../../../src/protocols/example-t2d.json";
import { column, type Cell } from "./helpers.ts";

const protocol = example as Protocol;
const csv = readFileSync(new URL("../../fixtures/example-t2d.csv", import.meta.url), "utf8")
  .trim()
  .split("\n");
const head = csv[0]!.split(",");
const rows = csv.slice(1).map((l) => l.split(","));

function cell(type: string, text: string): Cell {
  if (text === "") return null;
  if (type === "boolean") return text === "yes";
  if (type === "number" && /^[\d.]+$/.test(text)) return Number(text);
  return text;
}

const columns: Record<string, Column> = {};
for (const v of protocol.variables) {
  const j = head.indexOf(v.name);
  columns[v.name] = column(
    v,
    rows.map((r) => cell(v.type, r[j]!)),
  );
}

/** Expected verdicts per row (P pass, F fail, U unknown, S site-assessed), criteria in protocol order. */
const WANT = `
T2D-001 PPPPPPSPPPPPP eligible
T2D-002 PPPPPPSPPPPPP eligible woman
T2D-003 FPPPPPSPPPPPP 17 on the screening day
T2D-004 PPPPPPSPPPPPP 18 on the screening day
T2D-005 FPPPPPSPPPPPP 76
T2D-006 PFPPPPSPPPPPP type 1
T2D-007 PPFPPPSPPPPPP HbA1c 6.8
T2D-008 PPPPPPSPPPPPP HbA1c 10.5 (inclusive)
T2D-009 PPFPPPSPPPPPP HbA1c 11.2
T2D-010 PPFPPPSPPPPPP HbA1c one day older than 3 months
T2D-011 PPPPPPSPPPPPP HbA1c exactly 3 months before
T2D-012 PPPFPPSPPPPPP metformin for 2.5 months
T2D-013 PPPPPPSPPPPPP metformin for exactly 3 months
T2D-014 PPPPFPSPPPPPP BMI 24.9
T2D-015 PPPPPPSPPPPPP BMI 40 (inclusive)
T2D-016 PPPPPFSPPPPPP one risk factor
T2D-017 PPPPPUSPPPPPP one risk factor, the others unknown
T2D-018 PPPPPPSFPPPPP eGFR 44
T2D-019 PPPPPPSPPPPPP eGFR 45
T2D-020 PPPPPPSPFPPPP severe hypoglycaemia 4.5 months ago
T2D-021 PPPPPPSPPPPPP severe hypoglycaemia 6 months and 1 day ago
T2D-022 PPPPPPSPPFPPP MI exactly 6 months ago
T2D-023 PPPPPPSPPPPPP stroke two years ago
T2D-024 PPPPPPSPPPPPP ALT 100 = 2.5 x ULN (not above)
T2D-025 PPPPPPSPPPFPP ALT 101
T2D-026 PPPPPPSPPPPFP on insulin
T2D-027 PPPPPPSPPPPPF pregnant
T2D-028 PPUPPPSUPPUPP labs missing
T2D-029 PPFPPPSPPPPPP HbA1c < 6.5 (censored), eGFR > 90
T2D-030 PPPPPPSPPPPPU sex and pregnancy unknown
`
  .trim()
  .split("\n")
  .map((l) => l.split(" "));

describe("example-t2d protocol", () => {
  const { compiled, problems } = compileProtocol(protocol);

  it("compiles without problems", () => {
    expect(problems).toEqual([]);
    expect(compiled!.criteria.map((c) => c.id)).toEqual([
      "I1",
      "I2",
      "I3",
      "I4",
      "I5",
      "I6",
      "I7",
      "E1",
      "E2",
      "E3",
      "E4",
      "E5",
      "E6",
    ]);
  });

  it("gives the expected verdict for every row and criterion of the fixture", () => {
    const { verdicts } = evaluateProtocol(compiled!, { nRows: rows.length, columns });
    const got = rows.map((r, i) => `${r[0]} ${verdicts.map((v) => "PFUS"[v[i]!]).join("")}`);
    expect(got).toEqual(WANT.map(([id, v]) => `${id} ${v}`));
  });
});
