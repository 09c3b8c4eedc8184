/** RA with an inadequate response to methotrexate (NCT03605251): every criterion at its boundaries. */
import { describe } from "vitest";
import { boundaries } from "./boundary.ts";

// screening date 2026-12-01
const BASE = {
  birth_date: "1976-05-20", // 50
  acr_eular_2010_score: 7,
  mtx_start_date: "2024-01-15",
  mtx_dose: 15,
  mtx_dose_since: "2026-03-01",
  sjc66: 8,
  tjc68: 10,
  hscrp: 12,
  other_dmard: "none",
  other_dmard_last_date: null,
  bdmard_inadequate_response: false,
  n_biologics: 0,
  targeted_drug_ever: "none",
  hbsag_positive: false,
  anti_hbs_positive: false,
  anti_hbc_positive: false,
  anti_hcv_positive: false,
  hiv_positive: false,
  oral_steroid: "none",
  oral_steroid_dose: null,
  felty_syndrome: false,
  quantiferon_positive: false,
  tspot_positive: false,
  beta_d_glucan_positive: false,
};

describe("ra-mtx-ir", () => {
  boundaries("ra-mtx-ir", BASE, {
    I0: [
      ["20 today", { birth_date: "2006-12-01" }, "pass"],
      ["20 tomorrow", { birth_date: "2006-12-02" }, "fail"],
      ["64", { birth_date: "1962-12-01" }, "pass"],
      ["65 today", { birth_date: "1961-12-01" }, "fail"],
      ["no birth date", { birth_date: null }, "unknown"],
    ],
    I1: [
      ["6 points", { acr_eular_2010_score: 6 }, "pass"],
      ["5 points", { acr_eular_2010_score: 5 }, "fail"],
      ["not recorded", { acr_eular_2010_score: null }, "unknown"],
    ],
    I2: [
      [
        "MTX for 90 days, 8 mg/week for 56 days",
        { mtx_start_date: "2026-09-02", mtx_dose: 8, mtx_dose_since: "2026-10-06" },
        "pass",
      ],
      ["MTX for 89 days", { mtx_start_date: "2026-09-03", mtx_dose_since: "2026-10-06" }, "fail"],
      ["dose stable 55 days", { mtx_dose: 16, mtx_dose_since: "2026-10-07" }, "fail"],
      ["16 mg/week", { mtx_dose: 16 }, "pass"],
      ["16.5 mg/week", { mtx_dose: 16.5 }, "fail"],
      ["7.5 mg/week", { mtx_dose: 7.5 }, "fail"],
      ["2 mg/day (14 mg/week)", { mtx_dose: [2, "mg/day"] }, "pass"],
      ["2.5 mg/day (17.5 mg/week)", { mtx_dose: [2.5, "mg/day"] }, "fail"],
      ["dose missing", { mtx_dose: null }, "unknown"],
    ],
    I4: [
      ["6 swollen, 6 tender", { sjc66: 6, tjc68: 6 }, "pass"],
      ["5 swollen", { sjc66: 5, tjc68: 6 }, "fail"],
      ["5 tender", { sjc66: 6, tjc68: 5 }, "fail"],
      ["swollen count missing", { sjc66: null, tjc68: 6 }, "unknown"],
      ["swollen missing, 5 tender", { sjc66: null, tjc68: 5 }, "fail"],
    ],
    I5: [
      ["6 mg/L (0.6 mg/dL)", { hscrp: 6 }, "pass"],
      ["5.9 mg/L", { hscrp: 5.9 }, "fail"],
      ["0.7 mg/dL", { hscrp: [0.7, "mg/dL"] }, "pass"],
      ["0.5 mg/dL", { hscrp: [0.5, "mg/dL"] }, "fail"],
      ["missing", { hscrp: null }, "unknown"],
    ],
    E1: [
      ["leflunomide still taken", { other_dmard: "leflunomide" }, "fail"],
      [
        "sulfasalazine stopped 28 days ago",
        { other_dmard: "sulfasalazine", other_dmard_last_date: "2026-11-03" },
        "fail",
      ],
      [
        "stopped 29 days ago",
        { other_dmard: "sulfasalazine", other_dmard_last_date: "2026-11-02" },
        "pass",
      ],
      ["not recorded", { other_dmard: null }, "unknown"],
    ],
    E2: [
      ["one biologic", { n_biologics: 1 }, "pass"],
      ["two biologics", { n_biologics: 2 }, "fail"],
      ["biologic inadequate response", { bdmard_inadequate_response: true }, "fail"],
      ["count missing", { n_biologics: null }, "unknown"],
    ],
    E3: [
      ["tofacitinib", { targeted_drug_ever: "tofacitinib" }, "fail"],
      ["ibrutinib (BTK)", { targeted_drug_ever: "ibrutinib" }, "fail"],
      ["other", { targeted_drug_ever: "other" }, "pass"],
      ["not recorded", { targeted_drug_ever: null }, "unknown"],
    ],
    E4: [
      ["anti-HBs positive (as written)", { anti_hbs_positive: true }, "fail"],
      ["HIV positive", { hiv_positive: true }, "fail"],
      ["HCV antibody not recorded", { anti_hcv_positive: null }, "unknown"],
    ],
    E5: [
      ["prednisone 10 mg/day", { oral_steroid: "prednisone", oral_steroid_dose: 10 }, "pass"],
      [
        "prednisolone 10.5 mg/day",
        { oral_steroid: "prednisolone", oral_steroid_dose: 10.5 },
        "fail",
      ],
      [
        "methylprednisolone 8 mg (10 prednisone)",
        { oral_steroid: "methylprednisolone", oral_steroid_dose: 8 },
        "pass",
      ],
      [
        "methylprednisolone 9 mg (11.25)",
        { oral_steroid: "methylprednisolone", oral_steroid_dose: 9 },
        "fail",
      ],
      [
        "hydrocortisone 40 mg (10)",
        { oral_steroid: "hydrocortisone", oral_steroid_dose: 40 },
        "pass",
      ],
      [
        "hydrocortisone 44 mg (11)",
        { oral_steroid: "hydrocortisone", oral_steroid_dose: 44 },
        "fail",
      ],
      [
        "dexamethasone 2 mg (13.3)",
        { oral_steroid: "dexamethasone", oral_steroid_dose: 2 },
        "fail",
      ],
      ["no steroid, no dose", { oral_steroid: "none", oral_steroid_dose: null }, "pass"],
      [
        "prednisone, dose missing",
        { oral_steroid: "prednisone", oral_steroid_dose: null },
        "unknown",
      ],
      ["steroid not recorded", { oral_steroid: null, oral_steroid_dose: 5 }, "unknown"],
    ],
    E6: [
      ["Felty's syndrome", { felty_syndrome: true }, "fail"],
      ["not recorded", { felty_syndrome: null }, "unknown"],
    ],
    E7: [
      ["QuantiFERON positive", { quantiferon_positive: true, tspot_positive: null }, "fail"],
      ["T-SPOT positive", { tspot_positive: true }, "fail"],
      ["QuantiFERON negative, T-SPOT not done", { tspot_positive: null }, "unknown"],
    ],
    E8: [
      ["β-D-glucan positive", { beta_d_glucan_positive: true }, "fail"],
      ["not recorded", { beta_d_glucan_positive: null }, "unknown"],
    ],
  });
});
