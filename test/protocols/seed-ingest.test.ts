import { describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { VERDICT_WORDS } from "../../src/engine/types.ts";
import { applyMapping } from "../../src/ingest/map/mapping.ts";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import { synthMapping } from "../../src/synth/index.ts";
import { SEED } from "./helpers.ts";

/**
 * Boundaries through the real pipeline: CSV text in the synthetic export's shape (unit columns,
 * censored and messy cells) -> ingest -> mapping -> seed protocol. Screening date 2026-12-01.
 */
const HEADER =
  "PatientID,DOB,Sex,Weight_kg,UPCR,UPCR_unit,Proteinuria_24h_g,Creatinine,Creatinine_unit,Renal_impairment_SLE,ANC,ANC_unit,GCSF,Neutropenia_SLE,Hb_g_L,Anaemia_SLE";
const ROWS: [string, string, Record<string, string>][] = [
  // a man of 60, 54 kg: Cockcroft-Gault = 60 / SCr[mg/dL]
  [
    "p1",
    "1966-12-01,Male,54,1.00,g/g,,2.00,mg/dL,N,3.1,x10^9/L,0,N,120,N",
    { I4: "pass", E9c: "pass", E9a: "pass" },
  ],
  [
    "p2",
    "1966-12-01,Male,54,0.99,g/g,0.5,2.01,mg/dL,N,0.79,x10^9/L,0,N,120,N",
    { I4: "fail", E9c: "fail", E9a: "fail" },
  ],
  [
    "p3",
    "1966-12-01,Male,54,114,mg/mmol,,176.8,µmol/L,N,800,/uL,0,N,120,N",
    { I4: "pass", E9c: "pass", E9a: "pass" },
  ],
  [
    "p4",
    "1966-12-01,Male,54,112,mg/mmol,0.4,177.4,umol/L,N,790,/uL,0,N,59,Y",
    { I4: "fail", E9c: "fail", E9a: "fail" },
  ],
  [
    "p5",
    "1966-12-01,FEMALE ,54,<0.1,g/g,1.2,2.00,mg/dL,ND,3.1,x10^9/L,0,N,59,N",
    { I4: "pass", E9c: "unknown", E9a: "fail" },
  ],
  [
    "p6",
    "1966-12-01,Male,54,N/A,g/g,,2.00,mg/dL,Y,0.79,x10^9/L,0,Y,60,N",
    { I4: "unknown", E9c: "pass", E9a: "pass" },
  ],
  [
    "p7",
    "N/A,Male,54,1500,mg/g,,3.00,mg/dL,N,3.1,x10^9/L,1,N,120,N",
    { I4: "pass", E9c: "unknown", E9a: "unknown" },
  ],
];

describe("seed protocol through ingest and the synthetic mapping", () => {
  const csv = [HEADER, ...ROWS.map(([id, rest]) => `${id},${rest}`)].join("\n") + "\n";
  const raw = parseCsvText(csv);
  const mapping = synthMapping();
  const used = new Set(HEADER.split(","));
  const columns = Object.fromEntries(
    Object.entries(mapping.columns).filter(([, m]) => used.has(m.column)),
  );
  const { table, problems } = applyMapping(SEED, raw, { ...mapping, columns });
  const { compiled } = compileProtocol(SEED);
  const { verdicts } = evaluateProtocol(compiled!, table);
  const words = (id: string) =>
    [...verdicts[SEED.criteria.findIndex((c) => c.id === id)]!].map((v) => VERDICT_WORDS[v]);

  it("maps the extract without errors", () => {
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
  });
  it.each(
    ROWS.flatMap(([id, , want]) =>
      Object.entries(want).map(
        ([crit, w]) => [id, crit, w, ROWS.findIndex((r) => r[0] === id)] as const,
      ),
    ),
  )("%s %s -> %s", (_id, crit, want, row) => {
    expect(words(crit)[row]).toBe(want);
  });
});
