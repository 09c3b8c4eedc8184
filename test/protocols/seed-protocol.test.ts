import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { compileProtocol, evaluateProtocol } from "../../src/engine/compile-protocol.ts";
import { validateProtocol } from "../../src/engine/protocol/validate.ts";
import { builtinProtocols, getBuiltin } from "../../src/protocols/index.ts";
import { SEED, tableOf } from "./helpers.ts";

// copy of ../shared/seed/lupus-nephritis-cd19-cd70-criteria.txt, so the repository is self-contained
const SOURCE = readFileSync(
  new URL("./fixtures/lupus-nephritis-cd19-cd70-criteria.txt", import.meta.url),
  "utf8",
).replace(/\\([<>])/g, "$1");

describe("seed protocol document", () => {
  it("is a built-in protocol found by id", () => {
    expect(getBuiltin("ln-cd19-cd70")).toBe(SEED);
    expect(builtinProtocols.map((p) => p.id)).toEqual([
      "ln-cd19-cd70",
      "dapa-hf",
      "ra-mtx-ir",
      "example-t2d",
    ]);
    expect(getBuiltin("nope")).toBeUndefined();
  });

  it.each(builtinProtocols.map((p) => [p.id, p] as const))(
    "built-in %s validates and compiles with no problems",
    (_id, p) => {
      expect(validateProtocol(p).problems).toEqual([]);
      expect(compileProtocol(p).problems).toEqual([]);
    },
  );

  it("compiles every rule with no problems", () => {
    const { compiled, problems } = compileProtocol(SEED);
    expect(problems).toEqual([]);
    expect(compiled?.criteria.length).toBe(SEED.criteria.length);
  });

  it("has all 10 inclusion and 13 exclusion criteria, sub-parts included, in order", () => {
    const base = SEED.criteria.map((c) => c.id.replace(/[a-z]$/, ""));
    expect([...new Set(base)]).toEqual([
      ...Array.from({ length: 10 }, (_, i) => `I${i + 1}`),
      ...Array.from({ length: 13 }, (_, i) => `E${i + 1}`),
    ]);
    expect(SEED.criteria.filter((c) => c.id.startsWith("E9")).map((c) => c.id)).toEqual([
      "E9a",
      "E9b",
      "E9c",
      "E9d",
    ]);
    for (const c of SEED.criteria)
      expect(c.kind).toBe(c.id.startsWith("I") ? "inclusion" : "exclusion");
  });

  it.each(SEED.criteria.map((c) => [c.id, c.text] as const))(
    "quotes %s verbatim from the source",
    (_id, text) => {
      expect(SOURCE).toContain(text);
    },
  );

  it("gives each criterion either a rule or a site-assessed reason, not both", () => {
    for (const c of SEED.criteria) expect(Boolean(c.rule) !== Boolean(c.siteAssessed)).toBe(true);
    expect(SEED.criteria.filter((c) => c.siteAssessed).map((c) => c.id)).toEqual([
      "I9b",
      "I10",
      "E7b",
      "E12b",
      "E13",
    ]);
  });

  it("keeps numbers out of rules and derived values (they are parameters)", () => {
    for (const text of [
      ...SEED.criteria.map((c) => c.rule ?? ""),
      ...(SEED.derived ?? []).map((d) => d.expr),
    ]) {
      expect(text.replace(/'[^']*'/g, "")).not.toMatch(/\b\d/);
    }
  });

  it("uses every parameter and every variable somewhere", () => {
    const all = [
      ...SEED.criteria.map((c) => c.rule ?? ""),
      ...(SEED.derived ?? []).map((d) => d.expr),
    ].join(" ");
    const words = new Set(all.match(/[A-Za-z_][A-Za-z0-9_]*/g));
    for (const p of SEED.parameters) expect(words.has(p.name), p.name).toBe(true);
    for (const v of SEED.variables) expect(words.has(v.name), v.name).toBe(true);
  });

  it("gives every parameter a what-if range that contains its default", () => {
    for (const p of SEED.parameters.filter((q) => q.type === "number")) {
      expect(p.min, p.name).toBeDefined();
      expect(p.min! <= (p.default as number) && (p.default as number) <= p.max!, p.name).toBe(true);
    }
  });

  it("declares molar masses where mass and molar units must convert", () => {
    const mm = Object.fromEntries(
      SEED.variables.filter((v) => v.molarMass).map((v) => [v.name, v.molarMass]),
    );
    expect(mm).toEqual({
      upcr: 113.12,
      creatinine: 113.12,
      haemoglobin: 16114.5,
      total_bilirubin: 584.66,
      bilirubin_uln_lab: 584.66,
    });
  });

  it("leaves every data criterion unknown for a patient with no data, and site-assessed ones site-assessed", () => {
    const { compiled } = compileProtocol(SEED);
    const { verdicts } = evaluateProtocol(compiled!, tableOf([{}]));
    SEED.criteria.forEach((c, k) => {
      // I3 reads a missing activity subclass as active, but class and date are missing too
      expect([c.id, verdicts[k]![0]]).toEqual([c.id, c.siteAssessed ? 3 : 2]);
    });
  });
});

/** A woman of 34 with a recent class IV biopsy who meets every data criterion. */
const ELIGIBLE_PATIENT = {
  birth_date: "1992-05-17",
  sex: "female",
  weight: 62,
  acr1997_total: 6,
  ln_class: "IV",
  ln_activity: "A",
  biopsy_date: "2026-08-20",
  upcr: [210, "mg/mmol"],
  sledai2k_total: 14,
  bilag_constitutional: "D",
  bilag_mucocutaneous: "C",
  bilag_neuropsychiatric: "E",
  bilag_musculoskeletal: "C",
  bilag_cardiorespiratory: "E",
  bilag_gastrointestinal: "E",
  bilag_ophthalmic: "E",
  bilag_renal: "A",
  bilag_haematological: "D",
  cd19_positive: true,
  cd70_positive: true,
  prior_immunosuppressant: true,
  conventional_therapy_duration: 14,
  therapy_response: "none",
  relapse_after_remission: false,
  childbearing_potential: true,
  breastfeeding: false,
  pregnant: false,
  hcg_positive: false,
  hcg_date: "2026-11-27",
  severe_drug_allergy: false,
  allergic_constitution: false,
  active_infection: false,
  serious_infection: false,
  cv_event_type: "none",
  planned_cv_surgery: false,
  congenital_ig_deficiency: false,
  malignancy_type: "none",
  esrd: false,
  dialysis: false,
  tb_status: "none",
  chest_imaging_result: "normal",
  chest_imaging_date: "2026-10-02",
  hbsag_positive: false,
  hcv_ab_positive: false,
  hiv_ab_positive: false,
  syphilis_positive: false,
  anc: 3.1,
  gcsf_given: false,
  haemoglobin: [10.8, "g/dL"],
  alt: 28,
  ast: 31,
  total_bilirubin: [0.6, "mg/dL"],
  creatinine: [97, "umol/L"],
  inr: 1.0,
  pt: 12.4,
  psychiatric_disorder: false,
  severe_cognitive_impairment: false,
  other_trial: false,
} as const;

describe("a patient who meets every data criterion", () => {
  const { compiled } = compileProtocol(SEED);
  const verdictsFor = (row: Record<string, unknown>) => {
    const { verdicts } = evaluateProtocol(compiled!, tableOf([row as never]));
    return Object.fromEntries(SEED.criteria.map((c, k) => [c.id, verdicts[k]![0]]));
  };
  it("passes every data criterion (site-assessed ones stay site-assessed)", () => {
    const v = verdictsFor(ELIGIBLE_PATIENT);
    for (const c of SEED.criteria) expect([c.id, v[c.id]]).toEqual([c.id, c.siteAssessed ? 3 : 0]);
  });
  it.each([
    ["I1", { birth_date: "2009-01-01" }],
    ["I3", { ln_class: "V" }],
    ["I4", { upcr: 0.4, protein_24h: 0.3 }],
    ["E9c", { creatinine: [400, "umol/L"], renal_impairment_due_to_sle: false }],
    ["E12a", { pregnant: true }],
  ])("fails only %s when that criterion's data changes", (id, change) => {
    const v = verdictsFor({ ...ELIGIBLE_PATIENT, ...change });
    const failing = Object.entries(v)
      .filter(([, x]) => x === 1)
      .map(([k]) => k);
    expect(failing).toEqual([id]);
  });
});

describe("docs/protocols/ln-cd19-cd70.md matches the protocol document", () => {
  const doc = readFileSync(
    new URL("../../docs/protocols/ln-cd19-cd70.md", import.meta.url),
    "utf8",
  );
  it("names the version", () => {
    expect(doc.split("\n")[0]).toContain(`\`${SEED.id}\` v${SEED.version}`);
  });
  it.each(SEED.criteria.map((c) => [c.id, c] as const))(
    "%s: heading, verbatim text and rule (or site assessment)",
    (id, c) => {
      const at = doc.indexOf(`### ${id} (${c.kind}) — ${c.label}\n`);
      expect(at).toBeGreaterThanOrEqual(0);
      const section = doc.slice(at, doc.indexOf("\n### ", at + 1));
      expect(section).toContain(`> ${c.text}\n`);
      if (c.rule) expect(section).toContain("```\n" + c.rule + "\n```");
      else expect(section).toContain(`**Site-assessed:** ${c.siteAssessed}`);
      expect(section).toContain("Interpretation:");
    },
  );
  it.each(SEED.parameters.map((p) => [p.name, p] as const))("parameter %s", (name, p) => {
    const row = doc.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
    expect(row).toBeDefined();
    expect(row).toContain(p.description ?? "");
  });
  it.each(SEED.variables.map((v) => [v.name, v] as const))("variable %s", (name, v) => {
    const row = doc.split("\n").find((l) => l.startsWith(`| \`${name}\` | ${v.type} |`));
    expect(row).toBeDefined();
    expect(row).toContain(v.description);
  });
  it.each((SEED.derived ?? []).map((x) => [x.name, x] as const))("derived %s", (name, x) => {
    const row = doc.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
    expect(row).toContain(x.expr.length > 160 ? x.expr.slice(0, 160) : x.expr);
  });
});
