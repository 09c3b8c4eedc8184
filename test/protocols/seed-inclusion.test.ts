import { describe, expect, it } from "vitest";
import { ACR1997_ITEMS } from "../../src/engine/functions/acr1997.ts";
import { EULAR2019_ITEMS } from "../../src/engine/functions/eular2019.ts";
import { SLEDAI2K_ITEMS } from "../../src/engine/functions/sledai2k.ts";
import { type Row, verdictsOf } from "./helpers.ts";

// screening date (default parameter): 2026-12-01
type Case = [string, Row, string];
function table(
  id: string,
  cases: Case[],
  overrides: Record<string, number | string | boolean> = {},
): void {
  describe(id, () => {
    const got = verdictsOf(
      id,
      cases.map((c) => c[1]),
      overrides,
    );
    it.each(cases.map((c, i) => [c[0], c[2], i] as const))("%s -> %s", (_name, want, i) => {
      expect(got[i]).toBe(want);
    });
  });
}

const flags = (
  prefix: string,
  names: readonly string[],
  value: boolean | null,
  except: Row = {},
): Row => {
  const r: Row = {};
  for (const n of names) r[prefix + n] = value;
  return { ...r, ...except };
};
const NO_ACR: Row = { acr1997_total: 0 };
const EULAR_FALSE: Row = flags(
  "eular_",
  EULAR2019_ITEMS.map(([n]) => n).filter(
    (n) => !n.startsWith("low_") && !n.startsWith("biopsy") && n !== "anti_dsdna_or_anti_smith",
  ),
  false,
  {
    low_c3: false,
    low_c4: false,
    anti_dsdna: false,
    anti_smith: false,
    ln_class: "I",
    ana_titre: 160,
  },
);
const SLEDAI_FALSE = flags(
  "sledai_",
  SLEDAI2K_ITEMS.map(([n]) => n),
  false,
);

table("I1", [
  ["17 the day before the 18th birthday", { birth_date: "2008-12-02" }, "fail"],
  ["18 on the birthday", { birth_date: "2008-12-01" }, "pass"],
  ["65 the day before the 66th birthday", { birth_date: "1960-12-02" }, "pass"],
  ["66 on the birthday", { birth_date: "1960-12-01" }, "fail"],
  ["born 29 Feb 2008: 18 on 2026-03-01 already", { birth_date: "2008-02-29" }, "pass"],
  ["no birth date", {}, "unknown"],
]);

table("I2", [
  ["ACR count 4 reported", { acr1997_total: 4 }, "pass"],
  ["ACR count 3, EULAR/ACR not met", { acr1997_total: 3, eular2019_classified: false }, "fail"],
  ["ACR count 3, EULAR/ACR missing, no components", { acr1997_total: 3 }, "unknown"],
  ["ACR 3, EULAR/ACR reported met", { acr1997_total: 3, eular2019_classified: true }, "pass"],
  [
    "4 ACR flags, rest false",
    {
      ...flags("acr_", ACR1997_ITEMS, false),
      acr_malar_rash: true,
      acr_arthritis: true,
      acr_renal_disorder: true,
      acr_ana: true,
      eular2019_classified: false,
    },
    "pass",
  ],
  [
    "3 ACR flags + 1 unknown, EULAR false",
    {
      ...flags("acr_", ACR1997_ITEMS, false),
      acr_malar_rash: true,
      acr_arthritis: true,
      acr_renal_disorder: true,
      acr_ana: null,
      eular2019_classified: false,
    },
    "unknown",
  ],
  [
    "EULAR from components: ANA 1:160 + class IV biopsy = 10 points",
    { ...NO_ACR, ...EULAR_FALSE, ln_class: "IV" },
    "pass",
  ],
  [
    "EULAR from components: ANA 1:40 fails the entry criterion",
    { ...NO_ACR, ...EULAR_FALSE, ln_class: "IV", ana_titre: 40 },
    "fail",
  ],
  [
    "EULAR from components: ANA censored <40",
    { ...NO_ACR, ...EULAR_FALSE, ln_class: "IV", ana_titre: { lo: -Infinity, hi: 39.999 } },
    "fail",
  ],
  [
    "EULAR: joint 6 + low C3 3 = 9, fever at 38.3 °C does not count",
    {
      ...NO_ACR,
      ...EULAR_FALSE,
      eular_fever: null,
      max_temperature: 38.3,
      eular_joint_involvement: true,
      low_c3: true,
    },
    "fail",
  ],
  [
    "EULAR: joint 6 + low C3 3 + fever at 38.4 °C = 11",
    {
      ...NO_ACR,
      ...EULAR_FALSE,
      eular_fever: null,
      max_temperature: 38.4,
      eular_joint_involvement: true,
      low_c3: true,
    },
    "pass",
  ],
  [
    "EULAR: seizure 5 + low C3 3 + antiphospholipid 2 = 10 (seizure is 5, not 4)",
    {
      ...NO_ACR,
      ...EULAR_FALSE,
      eular_seizure: true,
      low_c3: true,
      eular_antiphospholipid_antibodies: true,
    },
    "pass",
  ],
  [
    "EULAR: only immunology (dsDNA 6 + C3 and C4 4) is not enough",
    { ...NO_ACR, ...EULAR_FALSE, anti_dsdna: true, low_c3: true, low_c4: true },
    "fail",
  ],
]);

table("I3", [
  [
    "class IV, biopsy exactly 12 months before",
    { ln_class: "IV", biopsy_date: "2025-12-01" },
    "pass",
  ],
  [
    "class IV, biopsy 12 months and a day before",
    { ln_class: "IV", biopsy_date: "2025-11-30" },
    "fail",
  ],
  ["class III+V last month", { ln_class: "III+V", biopsy_date: "2026-11-01" }, "pass"],
  ["class IV+V, lower-case in the data", { ln_class: "iv+v", biopsy_date: "2026-11-01" }, "pass"],
  ["class V alone", { ln_class: "V", biopsy_date: "2026-11-01" }, "fail"],
  ["class II", { ln_class: "II", biopsy_date: "2026-11-01" }, "fail"],
  [
    "class IV purely chronic (C)",
    { ln_class: "IV", ln_activity: "C", biopsy_date: "2026-11-01" },
    "fail",
  ],
  [
    "class IV active/chronic (A/C)",
    { ln_class: "IV", ln_activity: "A/C", biopsy_date: "2026-11-01" },
    "pass",
  ],
  ["biopsy during screening (day 28)", { ln_class: "III", biopsy_date: "2026-12-29" }, "pass"],
  ["biopsy after the screening period", { ln_class: "III", biopsy_date: "2027-01-15" }, "fail"],
  ["class missing, recent biopsy", { biopsy_date: "2026-11-01" }, "unknown"],
  ["class IV, biopsy date missing", { ln_class: "IV" }, "unknown"],
  ["class V, biopsy date missing: class decides", { ln_class: "V" }, "fail"],
]);

table("I4", [
  ["UPCR 1.00 g/g", { upcr: 1.0 }, "pass"],
  ["UPCR 0.99 g/g, 24-h protein 0.5 g", { upcr: 0.99, protein_24h: 0.5 }, "fail"],
  ["UPCR 0.99 g/g, 24-h protein missing", { upcr: 0.99 }, "unknown"],
  ["UPCR 114 mg/mmol (1.008 g/g)", { upcr: [114, "mg/mmol"] }, "pass"],
  ["UPCR 113.12 mg/mmol (exactly 1.0 g/g)", { upcr: [113.12, "mg/mmol"] }, "pass"],
  [
    "UPCR 113 mg/mmol (0.999 g/g), 24-h 0.5 g",
    { upcr: [113, "mg/mmol"], protein_24h: 0.5 },
    "fail",
  ],
  ["UPCR 1000 mg/g", { upcr: [1000, "mg/g"] }, "pass"],
  ["24-h protein 1.0 g, UPCR 0.5", { upcr: 0.5, protein_24h: 1.0 }, "pass"],
  ["24-h protein 0.99 g, UPCR 0.5", { upcr: 0.5, protein_24h: 0.99 }, "fail"],
  ["24-h protein 1000 mg, UPCR missing", { protein_24h: [1000, "mg/24h"] }, "pass"],
  [
    "UPCR censored <0.5, 24-h 0.2 g",
    { upcr: { lo: -Infinity, hi: 0.4999 }, protein_24h: 0.2 },
    "fail",
  ],
  ["both missing", {}, "unknown"],
]);

table("I5", [
  ["SLEDAI-2K total 6", { sledai2k_total: 6 }, "pass"],
  ["SLEDAI-2K total 5", { sledai2k_total: 5 }, "fail"],
  [
    "components: proteinuria 4 + low complement 2 = 6",
    { ...SLEDAI_FALSE, sledai_proteinuria: true, sledai_low_complement: true },
    "pass",
  ],
  [
    "components: proteinuria 4 + fever 1 (38.2 °C > 38) = 5",
    { ...SLEDAI_FALSE, sledai_fever: null, max_temperature: 38.2, sledai_proteinuria: true },
    "fail",
  ],
  [
    "components: 4 + fever unknown + rash unknown: 4..7",
    { ...SLEDAI_FALSE, sledai_fever: null, sledai_rash: null, sledai_proteinuria: true },
    "unknown",
  ],
  ["components: seizure alone = 8", { ...SLEDAI_FALSE, sledai_seizure: true }, "pass"],
  [
    "reported total wins over components",
    { ...SLEDAI_FALSE, sledai2k_total: 4, sledai_seizure: true },
    "fail",
  ],
]);

const B = (grades: (string | null)[]): Row =>
  Object.fromEntries(
    [
      "constitutional",
      "mucocutaneous",
      "neuropsychiatric",
      "musculoskeletal",
      "cardiorespiratory",
      "gastrointestinal",
      "ophthalmic",
      "renal",
      "haematological",
    ].map((d, k) => ["bilag_" + d, grades[k] ?? null]),
  );
table("I6", [
  ["one A", B(["E", "D", "E", "E", "E", "E", "E", "A", "D"]), "pass"],
  ["two B", B(["E", "B", "E", "E", "E", "E", "E", "B", "D"]), "pass"],
  ["one B only", B(["E", "C", "E", "E", "E", "E", "E", "B", "D"]), "fail"],
  ["one B and one domain missing", B(["E", "C", "E", "E", "E", "E", "E", "B", null]), "unknown"],
  ["one A and the rest missing", B([null, null, null, null, null, null, null, "A", null]), "pass"],
]);

table("I7", [
  ["CD19 and CD70 positive", { cd19_positive: true, cd70_positive: true }, "pass"],
  ["CD70 negative", { cd19_positive: true, cd70_positive: false }, "fail"],
  ["CD19 unknown, CD70 negative", { cd70_positive: false }, "fail"],
  ["CD19 unknown, CD70 positive", { cd70_positive: true }, "unknown"],
]);

const IS: Row = {
  prior_immunosuppressant: true,
  therapy_response: "none",
  relapse_after_remission: false,
};
table("I8", [
  ["6 months, no response", { ...IS, conventional_therapy_duration: 6 }, "pass"],
  ["5 months, no response, no relapse", { ...IS, conventional_therapy_duration: 5 }, "fail"],
  [
    "5 months, relapse after remission",
    { ...IS, conventional_therapy_duration: 5, relapse_after_remission: true },
    "pass",
  ],
  [
    "12 months, partial response, no relapse",
    { ...IS, conventional_therapy_duration: 12, therapy_response: "partial" },
    "fail",
  ],
  [
    "glucocorticoids without an immunosuppressant",
    { ...IS, prior_immunosuppressant: false, conventional_therapy_duration: 12 },
    "fail",
  ],
  [
    "12 months, no response, duration in weeks (60 weeks)",
    { ...IS, conventional_therapy_duration: [60, "weeks"] },
    "pass",
  ],
  [
    "response missing, no relapse",
    { ...IS, therapy_response: null, conventional_therapy_duration: 12 },
    "unknown",
  ],
]);

const WOCBP: Row = { sex: "female", childbearing_potential: true, breastfeeding: false };
table("I9a", [
  ["man", { sex: "male" }, "pass"],
  ["woman not of childbearing potential", { sex: "female", childbearing_potential: false }, "pass"],
  ["negative hCG 7 days before", { ...WOCBP, hcg_positive: false, hcg_date: "2026-11-24" }, "pass"],
  [
    "negative hCG 8 days before: too old, repeated at screening",
    { ...WOCBP, hcg_positive: false, hcg_date: "2026-11-23" },
    "unknown",
  ],
  ["positive hCG in the window", { ...WOCBP, hcg_positive: true, hcg_date: "2026-11-28" }, "fail"],
  [
    "breastfeeding",
    { ...WOCBP, breastfeeding: true, hcg_positive: false, hcg_date: "2026-11-28" },
    "fail",
  ],
  ["breastfeeding, no test", { ...WOCBP, breastfeeding: true }, "fail"],
  ["no test recorded", { ...WOCBP }, "unknown"],
  [
    "sex unknown, but a recent negative test and not breastfeeding",
    { hcg_positive: false, hcg_date: "2026-11-28", breastfeeding: false },
    "pass",
  ],
  ["sex unknown, no test", { breastfeeding: false }, "unknown"],
]);

describe("site-assessed inclusion criteria", () => {
  it.each(["I9b", "I10"])("%s is site-assessed for everyone", (id) => {
    expect(verdictsOf(id, [{}, { sex: "male" }])).toEqual(["site-assessed", "site-assessed"]);
  });
});
