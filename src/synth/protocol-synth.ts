/**
 * A deterministic synthetic extract for any protocol, drawn from its data dictionary: one
 * column per variable (header = the variable's name, values in its canonical unit), numbers in
 * their plausible range, categories from their values, yes/no flags, event dates in the last
 * years or blank (no event), and a few missing cells. A per-protocol profile (profiles.ts)
 * shapes the draws so that every criterion passes for some patients and fails for others.
 * Same protocol, rows and seed: same bytes.
 *
 * @example
 * const csv = synthForProtocol(getBuiltin("dapa-hf")!, { rows: 1000, seed: 1 });
 * csv.writeTo((chunk) => out.write(chunk));
 */
import { formatIsoDate, parseIsoDate } from "../engine/calendar.ts";
import type { Protocol, ProtocolVariable } from "../engine/protocol/types.ts";
import { PROFILES, type VarProfile } from "./profiles.ts";
import { cumulative, Rng } from "./prng.ts";
import { csvChunks } from "./generate.ts";

export interface ProtocolSynthOptions {
  rows: number;
  seed: number;
  chunkRows?: number;
}

export interface ProtocolSynthCsv {
  header: string[];
  chunks(): Generator<string>;
  writeTo(sink: (chunk: string) => void): void;
}

const DEFAULT_MISSING = 0.03;
const YEAR = 365.25;

type Draw = (r: Rng, D: number) => string;

/** The screening date the protocol's parameters give (dates are drawn relative to it). */
function screeningDay(p: Protocol): number {
  const param = p.parameters.find((x) => x.name === "screening_date" && x.type === "date");
  const d = parseIsoDate(typeof param?.default === "string" ? param.default : "2026-12-01");
  return d === d ? d : parseIsoDate("2026-12-01");
}

function drawer(v: ProtocolVariable, prof: VarProfile): Draw {
  switch (v.type) {
    case "number": {
      const [lo, hi] = prof.range ?? v.plausible ?? [0, 100];
      const dec = prof.decimals ?? (hi - lo > 20 ? 0 : 1);
      const choices = prof.choices;
      if (choices) {
        const cum = cumulative(choices.map(() => 1));
        return (r) => String(choices[r.pick(cum)]);
      }
      return (r) => {
        // log-uniform for quantities spanning decades (NT-proBNP, CRP), else triangular
        const x = prof.log
          ? Math.exp(r.uniform(Math.log(lo), Math.log(hi)))
          : lo + ((r.next() + r.next()) / 2) * (hi - lo);
        return x.toFixed(dec);
      };
    }
    case "boolean": {
      const p = prof.p ?? 0.06;
      return (r) => (r.chance(p) ? "yes" : "no");
    }
    case "category": {
      const values = v.values ?? v.order ?? [];
      const w = values.map((x) => prof.weights?.[x] ?? (prof.weights ? 0 : 1));
      const cum = cumulative(w);
      return (r) => values[r.pick(cum)] ?? "";
    }
    case "date": {
      if (v.name === "birth_date" || prof.ageYears) {
        const [a, b] = prof.ageYears ?? [20, 85];
        return (r, D) => formatIsoDate(D - Math.floor(r.uniform(a * YEAR, b * YEAR)));
      }
      const blank = prof.blank ?? 0.7;
      const [from, to] = prof.daysBefore ?? [0, 3 * 365];
      return (r, D) => (r.chance(blank) ? "" : formatIsoDate(D - r.int(from, to)));
    }
  }
}

/** Builds the generator; nothing is drawn until chunks are pulled. */
export function synthForProtocol(protocol: Protocol, opts: ProtocolSynthOptions): ProtocolSynthCsv {
  const { rows, seed } = opts;
  if (!Number.isInteger(rows) || rows < 0) throw new Error(`invalid rows: ${rows}`);
  const profile = PROFILES[protocol.id] ?? {};
  const idName = protocol.idVariable ?? "patient_id";
  const vars = protocol.variables.filter((v) => v.name !== idName);
  const draws = vars.map((v) => drawer(v, profile[v.name] ?? {}));
  const missing = vars.map((v) => profile[v.name]?.missing ?? DEFAULT_MISSING);
  const header = [idName, ...vars.map((v) => v.name)];
  const D = screeningDay(protocol);
  const chunkRows = Math.max(1, opts.chunkRows ?? 4096);
  const prefix = protocol.id
    .replace(/[^a-z0-9]/g, "")
    .slice(0, 4)
    .toUpperCase();
  function chunks(): Generator<string> {
    const r = new Rng(seed);
    return csvChunks(header, rows, chunkRows, (i, cells) => {
      cells[0] = prefix + String(100000 + i);
      for (let k = 0; k < vars.length; k++) {
        const v = draws[k]!(r, D);
        // draw the value first so a missing cell does not shift the other columns' draws
        const cell = r.chance(missing[k]!) ? "" : v;
        cells[k + 1] = /[",\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
      }
    });
  }
  return {
    header,
    chunks,
    writeTo(sink) {
      for (const c of chunks()) sink(c);
    },
  };
}
