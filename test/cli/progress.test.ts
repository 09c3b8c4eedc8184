import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { progressLine } from "../../src/cli/progress.ts";

function sink() {
  const out: string[] = [];
  return { out, write: (s: string) => (out.push(s), true) };
}

describe("progressLine", () => {
  it("on a terminal rewrites one line, at most every 100 ms, and erases it when done", () => {
    const s = sink();
    let t = 0;
    const p = progressLine(s, true, () => t);
    p.read({ bytes: 0, rows: 0, totalBytes: 200e6 });
    t = 50;
    p.read({ bytes: 10e6, rows: 40_000, totalBytes: 200e6 }); // too soon: skipped
    t = 120;
    p.read({ bytes: 50e6, rows: 210_000, totalBytes: 200e6 });
    t = 130;
    p.read({ bytes: 200e6, rows: 1_000_000, totalBytes: 200e6 }); // the end: always shown
    p.read({ bytes: 200e6, rows: 1_000_000, totalBytes: 200e6 }); // same text: not again
    p.stage("mapping 60 columns");
    p.done();
    expect(s.out).toEqual([
      "\rreading 0% · 0.0 of 200.0 MB · 0 rows\x1b[K",
      "\rreading 25% · 50.0 of 200.0 MB · 210,000 rows\x1b[K",
      "\rreading 100% · 200.0 of 200.0 MB · 1,000,000 rows\x1b[K",
      "\rmapping 60 columns\x1b[K",
      "\r\x1b[K",
    ]);
  });

  it("elsewhere writes whole lines, at most every 250 ms, and nothing to erase", () => {
    const s = sink();
    let t = 0;
    const p = progressLine(s, false, () => t);
    p.read({ bytes: 1e6, rows: 4_000 }); // standard input: no total
    t = 200;
    p.read({ bytes: 2e6, rows: 8_000 });
    t = 300;
    p.read({ bytes: 3e6, rows: 12_000 });
    p.done();
    expect(s.out).toEqual(["reading 1.0 MB · 4,000 rows\n", "reading 3.0 MB · 12,000 rows\n"]);
  });
});

describe("prescreen screen --progress / --quiet", () => {
  const bin = join(__dirname, "../../bin/prescreen.mjs");
  const fixture = join(__dirname, "../fixtures/example-t2d.csv");
  const run = (...flags: string[]) =>
    spawnSync("node", [bin, "screen", "--data", fixture, "--protocol", "example-t2d", ...flags], {
      encoding: "utf8",
    });

  it("shows reading, mapping and evaluating on standard error, the summary on standard output", () => {
    const r = run("--progress");
    expect(r.status).toBe(0);
    const lines = r.stderr.split("\n").filter((l) => l.length > 0);
    expect(lines[0]).toMatch(/^reading 0% · 0\.0 of [\d.]+ MB · 0 rows$/);
    expect(lines).toContainEqual(expect.stringMatching(/^reading 100% · .* · \d+ rows$/));
    // (the file's notes follow on standard error unless --quiet)
    const stages = lines.filter((l) => !/^(note|warning): /.test(l));
    expect(stages.at(-1)).toMatch(/^evaluating 13 criteria on \d+ rows$/);
    expect(r.stdout).toMatch(/patients/);
    expect(r.stdout).not.toMatch(/reading/);
  });

  it("stays silent with --quiet", () => {
    const r = run("--progress", "--quiet");
    expect(r.status).toBe(0);
    expect(r.stderr.replace(/npm warn.*\n/g, "")).toBe("");
  });
});
