import { tempDir } from "../support/temp.ts";
import { describe, expect, it, beforeAll } from "vitest";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { execSync } from "node:child_process";
import { run } from "../support/cli.ts";

const dir = tempDir("prescreen-cli-");
const extract = join(dir, "extract.csv");

beforeAll(async () => {
  const r = await run("synth", "--rows", "3000", "--seed", "7", "--out", extract);
  expect(r.code).toBe(0);
});

function readCsv(path: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readFileSync(path, "utf8"), {
    header: true,
    skipEmptyLines: true,
  }).data;
}

describe("prescreen synth", () => {
  it("is deterministic for a seed", async () => {
    const again = join(dir, "again.csv");
    await run("synth", "--rows", "3000", "--seed", "7", "--out", again);
    expect(readFileSync(again, "utf8")).toBe(readFileSync(extract, "utf8"));
    const other = join(dir, "other.csv");
    await run("synth", "--rows", "3000", "--seed", "8", "--out", other);
    expect(readFileSync(other, "utf8")).not.toBe(readFileSync(extract, "utf8"));
  });
});

describe("prescreen screen", () => {
  it("writes id, status and one verdict column per criterion in input order", async () => {
    const out = join(dir, "results.csv");
    const summary = join(dir, "summary.json");
    const r = await run(
      "screen",
      "--data",
      extract,
      "--protocol",
      "ln-cd19-cd70",
      "--out",
      out,
      "--summary",
      summary,
    );
    expect(r.code).toBe(0);
    const input = readCsv(extract);
    const rows = readCsv(out);
    expect(rows.length).toBe(input.length);
    expect(rows.map((x) => x.PatientID)).toEqual(input.map((x) => x.PatientID));
    const ids = Object.keys(rows[0]!).slice(2);
    expect(ids).toContain("E9a");
    expect(ids.length).toBeGreaterThanOrEqual(23);
    // the status column agrees with the verdict columns
    for (const row of rows) {
      const v = ids.map((id) => row[id]);
      const expected = v.includes("fail")
        ? "ineligible"
        : v.includes("unknown")
          ? "needs-review"
          : "eligible";
      expect(row.status).toBe(expected);
      for (const x of v) expect(["pass", "fail", "unknown", "site-assessed"]).toContain(x);
    }
    // the summary counts agree with the rows
    const s = JSON.parse(readFileSync(summary, "utf8"));
    const count = (w: string) => rows.filter((x) => x.status === w).length;
    expect(s.counts).toMatchObject({
      eligible: count("eligible"),
      needsReview: count("needs-review"),
      ineligible: count("ineligible"),
    });
    expect(count("eligible")).toBeGreaterThan(0);
    expect(r.out).toMatch(/Attrition in protocol order/);
    expect(r.out).toMatch(/E9a\s+Bone marrow/);
  });

  it("applies --param overrides: a lower UPCR threshold never loses patients", async () => {
    const base = join(dir, "base.json");
    const relaxed = join(dir, "relaxed.json");
    await run("screen", "--data", extract, "--protocol", "ln-cd19-cd70", "--summary", base);
    const seed = (await import("../../src/protocols/index.ts")).getBuiltin("ln-cd19-cd70")!;
    const upcr = seed.parameters.find((p) => /upcr/i.test(p.name))!;
    const r = await run(
      "screen",
      "--data",
      extract,
      "--protocol",
      "ln-cd19-cd70",
      "--param",
      `${upcr.name}=0.3`,
      "--summary",
      relaxed,
    );
    expect(r.code).toBe(0);
    const a = JSON.parse(readFileSync(base, "utf8"));
    const b = JSON.parse(readFileSync(relaxed, "utf8"));
    const i4 = (s: any) => s.perCriterion.find((c: any) => c.id === "I4");
    expect(i4(b).failing).toBeLessThan(i4(a).failing);
    expect(b.counts.eligibleRange[1]).toBeGreaterThanOrEqual(a.counts.eligibleRange[1]);
  });

  it.each([
    [["screen", "--protocol", "ln-cd19-cd70"], 2, /missing --data/],
    [["screen", "--data", "/nonexistent.csv", "--protocol", "ln-cd19-cd70"], 1, /nonexistent\.csv/],
    [["screen", "--data", "x.csv", "--protocol", "ln-cd19-cd7"], 2, /did you mean 'ln-cd19-cd70'/],
    [
      ["screen", "--data", "x.csv", "--protocol", "ln-cd19-cd70", "--param", "upcr_mni=1"],
      2,
      /unknown parameter 'upcr_mni'/,
    ],
    [["frobnicate"], 2, /unknown command 'frobnicate'/],
    [["synth", "--rows", "-3", "--out", "x.csv"], 2, /whole number/],
  ])("rejects %j with exit %i and a clear message", async (argv, code, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
    expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
  });

  it("refuses a spreadsheet given as CSV, naming the file", async () => {
    const xlsx = join(dir, "book.csv");
    writeFileSync(xlsx, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0, 8, 0, 0, 0, 0x21, 0]));
    const r = await run("screen", "--data", xlsx, "--protocol", "ln-cd19-cd70");
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/book\.csv/);
    expect(r.err).toMatch(/Excel|spreadsheet|xlsx/i);
  });
});

describe("prescreen screen on the small example protocol", () => {
  it("screens the example CSV end to end, agreeing with the engine run in-process", async () => {
    const fixture = join(__dirname, "../fixtures/example-t2d.csv");
    const out = join(dir, "t2d.csv");
    const r = await run("screen", "--data", fixture, "--protocol", "example-t2d", "--out", out);
    expect(r.code).toBe(0);
    const rows = readCsv(out);
    const { parseCsvText } = await import("../../src/ingest/read/parse.ts");
    const { autoMap, applyMapping } = await import("../../src/ingest/map/mapping.ts");
    const { compileProtocol, evaluateProtocol } =
      await import("../../src/engine/compile-protocol.ts");
    const protocol = (await import("../../src/protocols/index.ts")).getBuiltin("example-t2d")!;
    const raw = parseCsvText(readFileSync(fixture, "utf8"));
    const { table } = applyMapping(protocol, raw, autoMap(protocol, raw).mapping);
    const { verdicts } = evaluateProtocol(compileProtocol(protocol).compiled!, table);
    const words = ["pass", "fail", "unknown", "site-assessed"];
    expect(rows.length).toBe(30);
    protocol.criteria.forEach((c, i) => {
      expect(rows.map((row) => row[c.id])).toEqual([...verdicts[i]!].map((v) => words[v]));
    });
    // a mix of outcomes, so the comparison above means something
    expect(new Set(rows.map((x) => x.status))).toEqual(
      new Set(["eligible", "needs-review", "ineligible"]),
    );
  });
});

describe("the prescreen binary", () => {
  it("pipes synth into screen through standard input", () => {
    const out = join(dir, "piped.csv");
    const bin = join(__dirname, "../../bin/prescreen.mjs");
    const printed = execSync(
      `node ${bin} synth --rows 500 --seed 2 | node ${bin} screen --data - --protocol ln-cd19-cd70 --out ${out}`,
      { encoding: "utf8" },
    );
    expect(printed).toMatch(/500 patients/);
    expect(readCsv(out).length).toBe(500);
  });
});

describe("the prescreen binary's bundle", () => {
  it("runs from its cached bundle, worker threads included, with the same results as through tsx", () => {
    const bin = join(__dirname, "../../bin/prescreen.mjs");
    const data = join(dir, "parallel.csv");
    // over 8 MB: read in parallel parts, so the bundled command line starts its worker threads
    execSync(`node ${bin} synth --rows 30000 --seed 4 > ${data}`, { shell: "/bin/bash" });
    const screen = (out: string, env: Record<string, string>): string =>
      // (notes such as the parallel read's are on standard error)
      execSync(`node ${bin} screen --data ${data} --protocol ln-cd19-cd70 --out ${out} 2>&1`, {
        encoding: "utf8",
        env: { ...process.env, ...env },
      });
    const a = screen(join(dir, "bundled.csv"), {});
    const b = screen(join(dir, "tsx.csv"), { PRESCREEN_NO_BUNDLE: "1", INGEST_WORKER_TSX: "1" });
    expect(a).toMatch(/read in \d+ parallel parts/);
    expect(a).not.toMatch(/helper thread failed/);
    expect(a).toBe(b);
    expect(readFileSync(join(dir, "bundled.csv"), "utf8")).toBe(
      readFileSync(join(dir, "tsx.csv"), "utf8"),
    );
    const bundle = join(__dirname, "../../node_modules/.cache/cohort-prescreener/prescreen.mjs");
    expect(statSync(bundle).mtimeMs).toBeGreaterThan(
      statSync(join(__dirname, "../../src/cli/main.ts")).mtimeMs,
    );
  }, 90_000); // bundles the command line and its workers first: slow on a busy machine
});

describe("prescreen synth into a reader that stops early", () => {
  it("exits quietly when the pipe closes", () => {
    const bin = join(__dirname, "../../bin/prescreen.mjs");
    const r = execSync(
      `node ${bin} synth --rows 200000 | head -c 100 > /dev/null; echo "rc=\${PIPESTATUS[0]}"`,
      {
        encoding: "utf8",
        shell: "/bin/bash",
      },
    );
    expect(r.trim()).toBe("rc=0");
  });
});

describe("prescreen check, protocols, variables", () => {
  it("lists every problem of a broken protocol with positions", async () => {
    const seed = (await import("../../src/protocols/index.ts")).getBuiltin("ln-cd19-cd70")!;
    const broken = structuredClone(seed);
    broken.criteria[0]!.rule = "age_at(birth_date, screening_dat) >= 18 years";
    broken.criteria[1]!.rule = "upcr >= 1.0 mg/dL";
    broken.criteria[2]!.rule = "upcr >= 1.0 g/g and";
    const path = join(dir, "broken.json");
    writeFileSync(path, JSON.stringify(broken, null, 2));
    const r = await run("check", "--protocol", path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/screening_dat.*did you mean 'screening_date'/);
    expect(r.err).toMatch(/:\d+:\d+: /);
    expect(r.err).toMatch(/cannot compare g\/g with mg\/dL/);
    expect(r.err).toMatch(/criteria\/2\/rule:1:\d+: .*end of rule/);
    expect(r.err.split("\n").filter((l) => /error:/.test(l)).length).toBeGreaterThanOrEqual(3);
  });

  it("lists schema and rule problems together", async () => {
    const seed = (await import("../../src/protocols/index.ts")).getBuiltin("ln-cd19-cd70")!;
    const broken = structuredClone(seed) as unknown as Record<string, any>;
    delete broken.variables[0].description; // schema: a variable needs a description
    broken.criteria[1].colour = "red"; // schema: unknown field
    broken.criteria[0].rule = "age_at(birth_date, screening_dat) >= 18 years"; // rule
    broken.criteria[2].rule = "upcr >= 1.0 mg/dL"; // rule
    const path = join(dir, "broken-both.json");
    writeFileSync(path, JSON.stringify(broken, null, 2));
    const r = await run("check", "--protocol", path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/\/variables\/0.*missing required field 'description'/);
    expect(r.err).toMatch(/\/criteria\/1.*unknown field 'colour'/);
    expect(r.err).toMatch(/criteria\/0\/rule:1:\d+: .*did you mean 'screening_date'/);
    expect(r.err).toMatch(/criteria\/2\/rule:1:\d+: .*cannot compare g\/g with mg\/dL/);
    expect(r.err).toMatch(/: 4 error\(s\)/);
  });

  it("accepts the seed protocol", async () => {
    const seed = (await import("../../src/protocols/index.ts")).getBuiltin("ln-cd19-cd70")!;
    const path = join(dir, "seed.json");
    writeFileSync(path, JSON.stringify(seed));
    const r = await run("check", "--protocol", path);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
  });

  it("reports invalid JSON with line and column", async () => {
    const path = join(dir, "bad.json");
    writeFileSync(path, '{\n  "id": "x",\n  "title": oops\n}');
    const r = await run("check", "--protocol", path);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.json:3:12/);
  });

  it("lists built-ins and prints the data dictionary as JSON", async () => {
    expect((await run("protocols")).out).toMatch(/ln-cd19-cd70/);
    const v = await run("variables", "--protocol", "ln-cd19-cd70");
    const doc = JSON.parse(v.out);
    expect(doc.variables.length).toBeGreaterThan(30);
    expect(doc.variables.find((x: any) => x.name === "upcr")).toMatchObject({
      type: "number",
      unit: "g/g",
    });
  });
});
