/**
 * Object-member names (`constructor`, `toString`, `__proto__`, `hasOwnProperty`) through a
 * `--mapping` FILE and `--param`: the protocol's variables and the file's columns are named so,
 * by hand, in a different order (variable `constructor` reads column `toString`, and so on), and
 * parameters are named so. Every run must give the verdicts of the same data under ordinary
 * names; a variable the mapping leaves out reads as missing, never as one of Object's members.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../support/cli.ts";
import { tempDir } from "../support/temp.ts";
import {
  OBJECT_PARAMS as PARAMS,
  OBJECT_VARS as VARS,
  renameHeader,
  T2D_PARAMS_TEXT,
  T2D_VARS_TEXT,
} from "../support/object-names.ts";

const dir = tempDir("prescreen-object-mapping-");
const path = (name: string) => join(dir, name);
let header: string[] = [];

beforeAll(async () => {
  const synth = ["--rows", "400", "--seed", "5", "--protocol", "example-t2d"];
  expect((await run("synth", ...synth, "--out", path("t2d.csv"))).code).toBe(0);
  const text = readFileSync(path("t2d.csv"), "utf8");
  const nl = text.indexOf("\n");
  header = text.slice(0, nl).split(",");
  writeFileSync(path("renamed.csv"), renameHeader(text.slice(0, nl)) + text.slice(nl));
  writeFileSync(path("vars.json"), T2D_VARS_TEXT);
  writeFileSync(path("params.json"), T2D_PARAMS_TEXT);
});

/** a mapping document: every ordinary column to its variable, but for `leave` */
function mapping(name: string, protocol: string, renamed: boolean, leave?: string): string {
  const columns: Record<string, { column: string }> = Object.create(null);
  for (const h of header) {
    const v = VARS.find(([a]) => a === h);
    const variable = renamed && v ? v[1] : h;
    if (variable === leave) continue;
    columns[variable] = { column: renamed && v ? v[2] : h };
  }
  writeFileSync(path(name), JSON.stringify({ version: 1, protocol, columns }));
  return path(name);
}

async function summary(...argv: string[]) {
  const out = path(`summary-${Math.random().toString(36).slice(2)}.json`);
  const r = await run("screen", ...argv, "--summary", out, "--quiet");
  expect(r.code, r.err).toBe(0);
  return JSON.parse(readFileSync(out, "utf8")) as Record<string, unknown>;
}
const verdicts = (s: Record<string, unknown>) => ({ c: s.counts, p: s.perCriterion });

describe("object-member names through --mapping and --param", () => {
  it("a mapping file maps variables so named from columns so named, verdicts unchanged", async () => {
    const plain = await summary(
      ...["--data", path("t2d.csv"), "--protocol", "example-t2d"],
      ...["--mapping", mapping("plain.json", "example-t2d", false)],
    );
    const renamed = await summary(
      ...["--data", path("renamed.csv"), "--protocol", path("vars.json")],
      ...["--mapping", mapping("renamed.json", "example-t2d", true)],
    );
    expect(verdicts(renamed)).toEqual(verdicts(plain));
    // the summary's criteria are still there and some patients pass the BMI criterion
    expect((plain.perCriterion as unknown[]).length).toBeGreaterThan(5);
  });

  it.each(VARS)(
    "a variable %s renamed %s that the mapping leaves out reads as missing",
    async (ordinary, renamedName) => {
      const plain = await summary(
        ...["--data", path("t2d.csv"), "--protocol", "example-t2d"],
        ...["--mapping", mapping(`plain-${ordinary}.json`, "example-t2d", false, ordinary)],
      );
      const renamed = await summary(
        ...["--data", path("renamed.csv"), "--protocol", path("vars.json")],
        ...["--mapping", mapping(`left-${ordinary}.json`, "example-t2d", true, renamedName)],
      );
      expect(verdicts(renamed)).toEqual(verdicts(plain));
    },
  );

  it("--param sets parameters so named, as it sets the ordinary ones", async () => {
    const set = (names: string[]) =>
      names.flatMap((n, k) => ["--param", `${n}=${[27, 31, 50, 7.5][k]}`]);
    const plain = await summary(
      ...["--data", path("t2d.csv"), "--protocol", "example-t2d"],
      ...set(PARAMS.map(([a]) => a)),
    );
    const renamed = await summary(
      ...["--data", path("t2d.csv"), "--protocol", path("params.json")],
      ...set(PARAMS.map(([, b]) => b)),
    );
    const defaults = await summary("--data", path("t2d.csv"), "--protocol", "example-t2d");
    expect(verdicts(plain)).not.toEqual(verdicts(defaults));
    expect(verdicts(renamed)).toEqual(verdicts(plain));
    const params = renamed.parameters as Record<string, unknown>;
    expect(PARAMS.map(([, b]) => Object.hasOwn(params, b) && params[b])).toEqual([27, 31, 50, 7.5]);
  });
});
