import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../support/cli.ts";
import { tempDir } from "../support/temp.ts";

// a hand-written extract: UPCR in mg/mmol, haemoglobin in g/dL (units in the headers)
const dir = tempDir("prescreen-explain-");
const data = join(dir, "extract.csv");
writeFileSync(
  data,
  [
    "PatientID,Geburtsjahr,UPCR (mg/mmol),Proteinuria_24h,ANC,GCSF_date,Neutropenia_SLE,Hb (g/dL),Anaemia_SLE,INR,PT",
    "P1,1990,92.8,,0.8,2026-11-20,N,5.9,N,1.0,",
    "P2,2008,250,,3.1,,N,12.1,N,1.9,",
  ].join("\n") + "\n",
);

describe("prescreen explain", () => {
  it("explains each verdict of one patient in the units the extract uses", async () => {
    const r = await run("explain", "--data", data, "--protocol", "ln-cd19-cd70", "--patient", "P1");
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const line = (id: string) => r.out.split("\n").find((l) => l.startsWith(`${id} `)) ?? "";
    expect(line("I4")).toMatch(
      /^I4 +unknown +UPCR 92\.8 mg\/mmol < 113 mg\/mmol; 24-hour urine protein not recorded \(threshold ≥ 1 g\/24h\)$/,
    );
    // the haemoglobin decides (the ANC under G-CSF alone would leave it unknown)
    expect(line("E9a")).toMatch(
      /^E9a +fail +haemoglobin 5\.9 g\/dL < 6 g\/dL; anaemia due to SLE: no$/,
    );
    expect(line("I9b")).toMatch(/site-assessed/);
    expect(r.out).not.toMatch(/unknown_if|not \(|= yes/);
  });

  it("decides age from a year of birth where the interval allows", async () => {
    const r = await run(
      ...["explain", "--data", data, "--protocol", "ln-cd19-cd70", "--patient", "P2"],
      ...["--criterion", "I1", "--param", "screening_date=2026-11-25"],
    );
    expect(r.out.split("\n")[1]).toBe(
      "I1    unknown        age 17–18 years: cannot tell whether ≥ 18 years",
    );
  });

  it("says which patient is not there", async () => {
    const r = await run("explain", "--data", data, "--protocol", "ln-cd19-cd70", "--patient", "P9");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/patient 'P9' is not in .*extract\.csv \(column PatientID\)/);
  });
});
