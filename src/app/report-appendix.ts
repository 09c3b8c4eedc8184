/**
 * What the printed report and its JSON say besides the counts: the screening ("as of") date,
 * every parameter, how complete each mapped variable is, and the mapping as an appendix. The
 * same objects feed the page and the downloaded JSON, so the two cannot disagree.
 *
 * @example
 * const extra = reportAppendix(screen.protocol, screen.overrides, screen.table, flow.choices, { suppressed: true, threshold: 11 });
 * extra.asOf; // "2026-12-01"
 */
import type { Protocol } from "../engine/protocol/types.ts";
import { shareBand } from "../engine/report/completeness.ts";
import type { Column, Table } from "../engine/types.ts";
import { UNKNOWN } from "../engine/types.ts";
import type { ParamValue } from "./engine-api.ts";
import type { MappingChoice } from "./mapping-model.ts";
import { own } from "../engine/user-keys.ts";

export interface ParameterLine {
  name: string;
  label: string;
  value: ParamValue;
  /** the protocol's default */
  protocol: ParamValue;
  unit?: string;
  changed: boolean;
}

/**
 * One mapped variable's completeness. A shared (suppressed) report gives only `share`, a band
 * of percentages at least `threshold` patients wide (engine/report/completeness.ts), audited
 * with the report's counts (a missing count can equal a criterion's unknown count): a band the
 * audit hides reads as the report's hidden marker. The site's own copy gives the exact counts.
 */
export interface CompletenessLine {
  variable: string;
  column: string;
  /** patients with a value, and without (only when suppression is off) */
  known?: number;
  missing?: number;
  /** "100%", "0%", "97.4%" (exact), or a band such as "95–96%" or "≥ 99%" */
  share: string;
}

export interface MappingLine {
  variable: string;
  column: string;
  /** "mg/mmol → g/g", "g/g", or "" for variables without a unit */
  unit: string;
  /** recodes and readings in words ("Ja → yes; Nein → no", "dates day/month/year") */
  recodes: string[];
}

export interface ReportAppendix {
  /** the screening ("as of") date: the `screening_date` parameter, else the day of the report */
  asOf: string;
  asOfFrom: "parameter" | "report date";
  parameters: ParameterLine[];
  completeness: CompletenessLine[];
  mapping: MappingLine[];
}

export function reportAppendix(
  protocol: Protocol,
  overrides: Readonly<Record<string, ParamValue>>,
  table: Table,
  choices: readonly MappingChoice[],
  opts: {
    suppressed: boolean;
    threshold: number;
    today: string;
    /** the audited report's shares (AggregateReport.completeness), by variable */
    shares?: ReadonlyMap<string, string>;
  },
): ReportAppendix {
  const parameters = protocol.parameters.map((p) => {
    const value = own(overrides, p.name) ?? p.default;
    return {
      name: p.name,
      label: p.label ?? p.name,
      value,
      protocol: p.default,
      ...(p.unit ? { unit: p.unit } : {}),
      changed: value !== p.default,
    };
  });
  const screening = parameters.find((p) => p.name === "screening_date");
  const idVar = protocol.idVariable ?? "patient_id";
  const mapped = choices.filter((c) => c.column && c.variable !== idVar);
  return {
    asOf: screening ? String(screening.value) : opts.today,
    asOfFrom: screening ? "parameter" : "report date",
    parameters,
    completeness: mapped.flatMap((c) => {
      const col = own(table.columns, c.variable);
      if (!col) return [];
      const known = knownCount(col, table.nRows);
      return [
        {
          variable: c.variable,
          column: c.column!,
          ...(opts.suppressed ? {} : { known, missing: table.nRows - known }),
          share:
            (opts.suppressed ? opts.shares?.get(c.variable) : undefined) ??
            shareText(known, table.nRows, opts.suppressed ? opts.threshold : 0),
        },
      ];
    }),
    mapping: mapped.map((c) => mappingLine(c, protocol)),
  };
}

/** Does row `r` hold a value (a censored "<5" is a value)? */
export function hasValue(col: Column, r: number): boolean {
  switch (col.kind) {
    case "number":
      return !Number.isNaN(col.lo[r]!);
    case "date":
      return !Number.isNaN(col.days[r]!);
    case "boolean":
      return col.values[r] !== UNKNOWN;
    case "category":
      return col.codes[r]! >= 0;
  }
}

/** Rows holding a value (a censored "<5" counts: it is a value). */
export function knownCount(col: Column, n: number): number {
  let k = 0;
  switch (col.kind) {
    case "number":
      for (let i = 0; i < n; i++) if (!Number.isNaN(col.lo[i]!)) k++;
      break;
    case "date":
      for (let i = 0; i < n; i++) if (!Number.isNaN(col.days[i]!)) k++;
      break;
    case "boolean":
      for (let i = 0; i < n; i++) if (col.values[i] !== UNKNOWN) k++;
      break;
    case "category":
      for (let i = 0; i < n; i++) if (col.codes[i]! >= 0) k++;
      break;
  }
  return k;
}

/**
 * The share of `n` patients with a value. `threshold` 0: exact to one decimal (never rounded up
 * to 100% nor down to 0%). Otherwise a band of whole percents, each at least `threshold`
 * patients wide, its ends included (shareBand): "≥ 99%" holds all patients too.
 *
 * @example
 * shareText(4990, 5000, 11); // "≥ 99%"
 * shareText(150, 200, 11);   // "72–78%" (bands of 6%: 11 of 200 patients)
 */
export function shareText(known: number, n: number, threshold: number): string {
  if (n === 0) return "–";
  if (threshold > 0) return shareBand(known, n, threshold).text;
  if (known === n) return "100%";
  if (known === 0) return "0%";
  const pct = (100 * known) / n;
  const t = Math.min(99.9, Math.max(0.1, Math.floor(pct * 10) / 10));
  return `${t.toFixed(1)}%`;
}

function mappingLine(c: MappingChoice, protocol: Protocol): MappingLine {
  const v = protocol.variables.find((x) => x.name === c.variable);
  const to = v?.unit ?? "";
  const from = c.unitColumn ? `per row, from column "${c.unitColumn}"` : (c.unit ?? to);
  const unit = from && to && from !== to ? `${from} → ${to}` : to || from || "";
  const recodes: string[] = [];
  if (c.dateOrder) recodes.push(`dates read ${c.dateOrder === "dmy" ? "day/month" : "month/day"}`);
  if (c.trueValues?.length) recodes.push(`yes: ${c.trueValues.join(", ")}`);
  if (c.falseValues?.length) recodes.push(`no: ${c.falseValues.join(", ")}`);
  for (const [text, to] of Object.entries(c.values ?? {}))
    recodes.push(`"${text}" → ${to === null ? "missing" : to}`);
  return { variable: c.variable, column: c.column!, unit, recodes };
}
