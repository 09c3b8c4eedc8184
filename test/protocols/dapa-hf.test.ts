/** DAPA-HF: every criterion at its boundaries (screening date 2026-12-01). */
import { describe, expect, it } from "vitest";
import { boundaries } from "./boundary.ts";

const BASE = {
  birth_date: "1956-12-01", // 70 on the screening date
  sex: "male",
  hf_diagnosis_date: "2024-01-10",
  nyha: "II",
  lvef: 30,
  ntprobnp: 1500,
  af_flutter: false,
  hf_hosp_date: null,
  creatinine: 1.0,
  diabetes_drug: "none",
  diabetes_drug_last_date: null,
  sglt2i_intolerance: false,
  type1_diabetes: false,
  symptomatic_hypotension: false,
  sbp: 120,
  acute_decompensated_hf: false,
  cv_event_date: null,
  revasc_date: null,
  revasc_planned: false,
  crt_date: null,
  crt_planned: false,
  transplant_or_vad: false,
  hf_aetiology: "ischaemic",
  symptomatic_bradycardia: false,
  av_block: "none",
  pacemaker: false,
  unstable_renal_disease: false,
};

describe("dapa-hf", () => {
  boundaries("dapa-hf", BASE, {
    I2: [
      ["diagnosed 2 months before", { hf_diagnosis_date: "2026-10-01" }, "pass"],
      ["a day short of 2 months", { hf_diagnosis_date: "2026-10-02" }, "fail"],
      ["NYHA IV", { nyha: "IV" }, "pass"],
      ["NYHA I", { nyha: "I" }, "fail"],
      ["NYHA missing", { nyha: null }, "unknown"],
      ["no diagnosis date", { hf_diagnosis_date: null }, "unknown"],
    ],
    I3: [
      ["LVEF 39%", { lvef: 39 }, "pass"],
      ["LVEF 40%", { lvef: 40 }, "fail"],
      ["LVEF missing", { lvef: null }, "unknown"],
    ],
    I4: [
      ["600 pg/mL", { ntprobnp: 600 }, "pass"],
      ["599 pg/mL", { ntprobnp: 599 }, "fail"],
      ["0.65 ng/mL (650 pg/mL)", { ntprobnp: [0.65, "ng/mL"] }, "pass"],
      ["0.59 ng/mL (590 pg/mL)", { ntprobnp: [0.59, "ng/mL"] }, "fail"],
      [
        "400 after an HF hospitalisation 12 months ago",
        { ntprobnp: 400, hf_hosp_date: "2025-12-01" },
        "pass",
      ],
      [
        "400 after one 12 months and a day ago",
        { ntprobnp: 400, hf_hosp_date: "2025-11-30" },
        "fail",
      ],
      ["399 after a recent one", { ntprobnp: 399, hf_hosp_date: "2026-06-01" }, "fail"],
      ["900 with AF", { ntprobnp: 900, af_flutter: true }, "pass"],
      [
        "899 with AF, even after a hospitalisation",
        { ntprobnp: 899, af_flutter: true, hf_hosp_date: "2026-06-01" },
        "fail",
      ],
      ["950, AF unknown: passes both thresholds", { ntprobnp: 950, af_flutter: null }, "pass"],
      ["700, AF unknown", { ntprobnp: 700, af_flutter: null }, "unknown"],
      ["550, AF unknown: fails both", { ntprobnp: 550, af_flutter: null }, "fail"],
      ["missing", { ntprobnp: null }, "unknown"],
    ],
    I6: [
      ["man, 70, creatinine 2.1 mg/dL: eGFR 31.0", { creatinine: 2.1 }, "pass"],
      ["man, 70, creatinine 2.2 mg/dL: eGFR 29.3", { creatinine: 2.2 }, "fail"],
      ["2.2 mg/dL given as 194.5 µmol/L", { creatinine: [194.5, "umol/L"] }, "fail"],
      ["woman, 70, 1.7 mg/dL: eGFR 30.03", { sex: "female", creatinine: 1.7 }, "pass"],
      ["sex unknown, 1.7 mg/dL: 30.03 or more", { sex: null, creatinine: 1.7 }, "pass"],
      ["sex unknown, 2.1 mg/dL: 23.3 or 31.0", { sex: null, creatinine: 2.1 }, "unknown"],
      ["creatinine missing", { creatinine: null }, "unknown"],
    ],
    E1: [
      ["dapagliflozin still taken", { diabetes_drug: "dapagliflozin" }, "fail"],
      [
        "empagliflozin stopped 8 weeks ago",
        { diabetes_drug: "empagliflozin", diabetes_drug_last_date: "2026-10-06" },
        "fail",
      ],
      [
        "empagliflozin stopped 8 weeks and a day ago",
        { diabetes_drug: "empagliflozin", diabetes_drug_last_date: "2026-10-05" },
        "pass",
      ],
      ["metformin", { diabetes_drug: "metformin" }, "pass"],
      [
        "SGLT2 inhibitor intolerance",
        { diabetes_drug: "metformin", sglt2i_intolerance: true },
        "fail",
      ],
      ["drug not recorded", { diabetes_drug: null }, "unknown"],
    ],
    E2: [
      ["type 1 diabetes", { type1_diabetes: true }, "fail"],
      ["not recorded", { type1_diabetes: null }, "unknown"],
    ],
    E3: [
      ["SBP 95 mmHg", { sbp: 95 }, "pass"],
      ["SBP 94 mmHg", { sbp: 94 }, "fail"],
      ["symptomatic hypotension", { symptomatic_hypotension: true }, "fail"],
      ["SBP missing", { sbp: null }, "unknown"],
      ["SBP 90, hypotension unknown", { sbp: 90, symptomatic_hypotension: null }, "fail"],
    ],
    E4: [
      ["HF hospitalisation 4 weeks ago", { hf_hosp_date: "2026-11-03" }, "fail"],
      ["4 weeks and a day ago", { hf_hosp_date: "2026-11-02" }, "pass"],
      ["acute decompensation now", { acute_decompensated_hf: true }, "fail"],
      ["decompensation unknown", { acute_decompensated_hf: null }, "unknown"],
    ],
    E5: [
      ["event 12 weeks ago", { cv_event_date: "2026-09-08" }, "fail"],
      ["12 weeks and a day ago", { cv_event_date: "2026-09-07" }, "pass"],
    ],
    E6: [
      ["revascularised 12 weeks ago", { revasc_date: "2026-09-08" }, "fail"],
      ["12 weeks and a day ago", { revasc_date: "2026-09-07" }, "pass"],
      ["planned", { revasc_planned: true }, "fail"],
      ["plans unknown", { revasc_planned: null }, "unknown"],
    ],
    E7: [
      ["CRT 12 weeks ago", { crt_date: "2026-09-08" }, "fail"],
      ["12 weeks and a day ago", { crt_date: "2026-09-07" }, "pass"],
      ["CRT planned", { crt_planned: true }, "fail"],
    ],
    E8: [
      ["transplant or VAD", { transplant_or_vad: true }, "fail"],
      ["not recorded", { transplant_or_vad: null }, "unknown"],
    ],
    E9: [
      ["myocarditis", { hf_aetiology: "myocarditis" }, "fail"],
      ["hypertrophic, other spelling", { hf_aetiology: "Hypertrophic Cardiomyopathy" }, "fail"],
      ["dilated", { hf_aetiology: "dilated" }, "pass"],
      ["not recorded", { hf_aetiology: null }, "unknown"],
    ],
    E10: [
      ["second-degree block, no pacemaker", { av_block: "2" }, "fail"],
      ["first-degree block", { av_block: "1" }, "pass"],
      ["third-degree block with a pacemaker", { av_block: "3", pacemaker: true }, "pass"],
      ["symptomatic bradycardia", { symptomatic_bradycardia: true }, "fail"],
      ["block not recorded", { av_block: null }, "unknown"],
      ["second-degree block, pacemaker unknown", { av_block: "2", pacemaker: null }, "unknown"],
      ["no block, pacemaker unknown", { pacemaker: null }, "pass"],
    ],
    E11: [
      ["eGFR 31.0", { creatinine: 2.1 }, "pass"],
      ["eGFR 29.3", { creatinine: 2.2 }, "fail"],
      ["unstable renal disease", { unstable_renal_disease: true }, "fail"],
      ["creatinine missing", { creatinine: null }, "unknown"],
    ],
  });
});

describe("dapa-hf explanations", () => {
  it("explain the new expressions for one patient", async () => {
    const { compileProtocol } = await import("../../src/engine/compile-protocol.ts");
    const { explainRow } = await import("../../src/engine/explain.ts");
    const { getBuiltin } = await import("../../src/protocols/index.ts");
    const { tableOf } = await import("./helpers.ts");
    const p = getBuiltin("dapa-hf")!;
    const { compiled } = compileProtocol(p);
    const t = tableOf([{ ...BASE, ntprobnp: 700, af_flutter: null, av_block: "2" }], p);
    const at = (id: string) =>
      explainRow(
        compiled!,
        t,
        p.criteria.findIndex((c) => c.id === id),
        0,
      );
    // an unknown condition (atrial fibrillation) leaves the if() threshold as its two branches
    expect(at("I4")).toMatch(/ntprobnp 700 pg\/mL: cannot tell whether ≥ 600–900 pg\/mL/);
    expect(at("I2")).toMatch(/NYHA II/);
    expect(at("E10")).toMatch(/av block 2/);
    expect(at("I6")).toMatch(/egfr 75\.9 mL\/min\/1\.73m2 ≥ 30 mL\/min\/1\.73m2/);
  });
});
