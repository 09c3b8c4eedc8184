/**
 * Words and numbers of the explanations a coordinator reads: variable names as a clinic says
 * them (`upcr` → UPCR, `total_bilirubin` → total bilirubin) and values rounded as a
 * laboratory reports them (three significant digits, no trailing zeros: 3.07461 → 3.07,
 * 1.7999999999999998 → 1.8, 1234.5 → 1235).
 */

// whole names said otherwise than their parts (single abbreviations are in TOKENS)
const WORDS: Record<string, string> = {
  upcr: "UPCR",
  protein_24h: "24-hour urine protein",
  crcl_reported: "reported CrCl",
  hbv_dna: "HBV DNA",
  sledai2k_total: "SLEDAI-2K total",
  acr_count: "ACR 1997 criteria met",
  acr1997_total: "ACR 1997 criteria met",
  ana_titre: "ANA titre",
  ln_class: "LN class",
  ln_activity: "LN activity",
  tb_status: "TB status",
  cv_event_type: "cardiovascular event",
  cv_event_date: "cardiovascular event date",
  nyha_class: "NYHA class",
  eular_classified: "2019 EULAR/ACR classification",
  eular2019_classified: "2019 EULAR/ACR classification",
  gcsf_given: "G-CSF given",
  gcsf_last_date: "last G-CSF dose",
  gcsf_recent: "G-CSF within the window before the count",
  cd19_positive: "CD19 positive",
  cd70_positive: "CD70 positive",
  hbsag_positive: "HBsAg positive",
  hbcab_positive: "HBcAb positive",
  hcv_ab_positive: "HCV antibody positive",
  hcv_rna_positive: "HCV RNA positive",
  hiv_ab_positive: "HIV antibody positive",
  esrd: "end-stage renal failure",
  due_to_npsle: "attributed to NPSLE",
  screening_date: "screening date",
};

const TOKENS: Record<string, string> = {
  uln: "ULN",
  bilag: "BILAG",
  acr: "ACR",
  eular: "EULAR",
  sledai: "SLEDAI-2K",
  hbv: "HBV",
  hcv: "HCV",
  hiv: "HIV",
  ln: "LN",
  nyha: "NYHA",
  gcsf: "G-CSF",
  esrd: "ESRD",
  lab: "(laboratory's)",
  sle: "SLE",
  dna: "DNA",
  cv: "cardiovascular",
  tb: "TB",
  ig: "Ig",
  hcg: "hCG",
  anc: "ANC",
  alt: "ALT",
  ast: "AST",
  inr: "INR",
  pt: "PT",
  crcl: "CrCl",
};

/** A variable, parameter or derived name in words. */
export function words(name: string): string {
  const w = WORDS[name];
  if (w) return w;
  return name
    .split("_")
    .map((t) => TOKENS[t] ?? t)
    .join(" ");
}

/** A number as a laboratory reports it, with `digits` significant digits (default 3). */
export function labNumber(x: number, digits = 3): string {
  if (!Number.isFinite(x)) return x > 0 ? "∞" : x < 0 ? "−∞" : "missing";
  if (Math.abs(x) >= 10 ** digits) return String(Math.round(x));
  return String(Number(x.toPrecision(digits)));
}

/**
 * Two numbers rounded alike, with as many digits (3 to 9) as it takes to tell them apart:
 * an explanation never reads "1 g/g < 1 g/g".
 */
export function labPair(a: number, b: number): [string, string] {
  // equal within the comparison tolerance (1e-9, truth.ts): the same number, shown once
  if (Math.abs(a - b) <= 1e-9 * Math.max(Math.abs(a), Math.abs(b)))
    return [labNumber(a), labNumber(a)];
  for (let d = 3; d < 10; d++) {
    const x = labNumber(a, d);
    const y = labNumber(b, d);
    if (x !== y || a === b) return [x, y];
  }
  return [labNumber(a, 9), labNumber(b, 9)];
}

/** An interval [lo, hi] as a lab writes it: "0.62", "< 0.5", "> 3", "17–18". */
export function labInterval(lo: number, hi: number, digits = 3): string {
  if (lo !== lo) return "missing";
  if (lo === hi) return labNumber(lo, digits);
  if (lo === -Infinity && hi === Infinity) return "unknown";
  if (lo === -Infinity) return `< ${labNumber(hi, digits)}`;
  if (hi === Infinity) return `> ${labNumber(lo, digits)}`;
  return `${labNumber(lo, digits)}–${labNumber(hi, digits)}`;
}
