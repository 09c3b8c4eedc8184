/**
 * Names that are members of every JavaScript object (`constructor`, `toString`, `__proto__`,
 * `hasOwnProperty`) as variable, parameter, column and subgroup-level names: a protocol and an
 * extract renamed so, by hand, screen and report exactly as the originals.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../support/cli.ts";
import { tempDir } from "../support/temp.ts";

const dir = tempDir("prescreen-object-names-");
const RENAMES: [string, string][] = [
  ["bmi", "constructor"],
  ["hba1c_min", "toString"],
  ["hypertension", "__proto__"],
  ["sex", "hasOwnProperty"],
];
const rename = (text: string) =>
  RENAMES.reduce((t, [a, b]) => t.replace(new RegExp(`\\b${a}\\b`, "g"), b), text);

beforeAll(async () => {
  const csv = join(dir, "t2d.csv");
  const synth = ["--rows", "400", "--seed", "3", "--protocol", "example-t2d", "--out", csv];
  expect((await run("synth", ...synth)).code).toBe(0);
  const text = readFileSync(csv, "utf8");
  const nl = text.indexOf("\n");
  // the header renamed; for the report, the sex values too (subgroup levels)
  const body = text
    .slice(nl)
    .replace(/,male,/g, ",constructor,")
    .replace(/,female,/g, ",__proto__,");
  writeFileSync(join(dir, "renamed.csv"), rename(text.slice(0, nl)) + text.slice(nl));
  writeFileSync(join(dir, "levels.csv"), rename(text.slice(0, nl)) + body);
  const protocol = readFileSync(
    join(import.meta.dirname, "../../src/protocols/example-t2d.json"),
    "utf8",
  );
  writeFileSync(join(dir, "renamed.json"), rename(protocol));
});

describe("object-member names", () => {
  it("prescreen check accepts them", async () => {
    const r = await run("check", "--protocol", join(dir, "renamed.json"));
    expect(r.code, r.err + r.out).toBe(0);
  });

  it("screens with the same verdicts as under the ordinary names (parameter set by --param)", async () => {
    const summary = async (data: string, protocol: string, param: string) => {
      const out = join(dir, `${param}.json`);
      const r = await run(
        "screen",
        ...["--data", data, "--protocol", protocol, "--param", `${param}=6.5`],
        ...["--summary", out, "--quiet"],
      );
      expect(r.code, r.err).toBe(0);
      return JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
    };
    const a = await summary(join(dir, "t2d.csv"), "example-t2d", "hba1c_min");
    const b = await summary(join(dir, "renamed.csv"), join(dir, "renamed.json"), "toString");
    expect(b.counts).toEqual(a.counts);
    expect(b.perCriterion).toEqual(a.perCriterion);
    expect((b.parameters as Record<string, unknown>)["toString"]).toBe(6.5);
  });

  it("reports with a subgroup column and levels named so", async () => {
    const out = join(dir, "report.json");
    const r = await run(
      "report",
      ...["--data", join(dir, "levels.csv"), "--protocol", join(dir, "renamed.json")],
      ...["--subgroup", "hasOwnProperty", "--threshold", "5", "--out", out],
    );
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(readFileSync(out, "utf8"));
    const sg = doc.subgroups.find((s: { name: string }) => s.name === "hasOwnProperty");
    const refused = doc.subgroupsRefused.map((s: { name: string }) => s.name);
    expect(sg ?? refused).toBeTruthy();
    if (sg)
      expect(sg.groups.map((g: { value: string }) => g.value)).toEqual(
        expect.arrayContaining(["constructor"]),
      );
  });
});
