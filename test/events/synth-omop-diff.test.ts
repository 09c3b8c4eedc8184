/**
 * Differential: the synthetic registry screened flat (one row per patient) and as OMOP CDM
 * tables written from the same patients, with a history, through the seed protocol's OMOP
 * profile: identical verdicts for every patient and criterion.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { deriveTable, tablesNeeded } from "../../src/events/derive.ts";
import { readOmopFolder } from "../../src/events/node.ts";
import { omopProfileOf } from "../../src/protocols/omop-profiles.ts";
import { synthTable } from "../../src/synth/index.ts";
import { writeSynthOmop } from "../../src/synth/omop/index.ts";
import { VERDICT_WORDS } from "../../src/engine/types.ts";
import { tempDir } from "../support/temp.ts";

const ROWS = 3000;
const SEED = 11;

describe("synthetic registry: flat and OMOP give the same verdicts", () => {
  it(`agrees for all ${ROWS} patients and every criterion`, async () => {
    const { table, protocol } = synthTable({ rows: ROWS, seed: SEED });
    const { compiled } = compileProtocol(protocol);
    const flat = evaluateProtocol(compiled!, table).verdicts;

    const dir = join(tempDir("synth-omop-"), "omop");
    const written = writeSynthOmop({ rows: ROWS, seed: SEED, out: dir });
    expect(written.rows.person).toBe(ROWS);
    // years of lab history per patient (the benchmark's 10 million measurement rows at 100,000)
    expect(written.rows.measurement).toBeGreaterThanOrEqual(100 * ROWS);
    const profile = omopProfileOf(protocol)!;
    const { data, problems } = await readOmopFolder(dir, tablesNeeded(profile));
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    const derived = deriveTable(protocol, profile, data);
    expect(derived.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(derived.variables.filter((v) => v.notUnderstood > 0)).toEqual([]);
    const omop = evaluateProtocol(compiled!, derived.table).verdicts;

    // ids come back from person_source_value, in the same order
    const ids = table.columns[protocol.idVariable ?? "patient_id"]!;
    const back = derived.table.columns[protocol.idVariable ?? "patient_id"]!;
    if (ids.kind !== "category" || back.kind !== "category") throw new Error("id columns");
    expect(back.dict[back.codes[ROWS - 1]!]).toBe(ids.dict[ids.codes[ROWS - 1]!]);

    const differences: string[] = [];
    protocol.criteria.forEach((c, k) => {
      let n = 0;
      let first = -1;
      for (let r = 0; r < ROWS; r++)
        if (flat[k]![r] !== omop[k]![r]) {
          n++;
          if (first < 0) first = r;
        }
      if (n > 0)
        differences.push(
          `${c.id}: ${n} patients differ, e.g. row ${first + 1}: flat ${VERDICT_WORDS[flat[k]![first]!]}, OMOP ${VERDICT_WORDS[omop[k]![first]!]}`,
        );
    });
    expect(differences).toEqual([]);
    // the comparison covers every verdict kind, not a table of unknowns
    const kinds = new Set(flat.flatMap((v) => [...v]));
    expect(kinds.size).toBe(4);
  }, 120_000);
});
