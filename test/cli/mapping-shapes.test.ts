/**
 * `--mapping` files of the wrong shape, for every command that reads one: each gives exit 1
 * (bad input) and the problem with its JSON path, never an internal error. `explain` read the
 * file with a bare JSON.parse and threw on a top-level array, number or null.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { run } from "../support/cli.ts";
import { tempDir } from "../support/temp.ts";

const dir = tempDir("prescreen-mapping-shapes-");
const data = join(dir, "extract.csv");
const doc = (columns: string) => `{"version":1,"protocol":"ln-cd19-cd70","columns":${columns}}`;

const SHAPES: [string, string, RegExp][] = [
  ["an array", "[]", /: \/: invalid value \[\]: expected an object/],
  ["a number", "5", /: \/: invalid value 5: expected an object/],
  ["null", "null", /: \/: invalid value null: expected an object/],
  ["text", '"columns"', /: \/: invalid value "columns": expected an object/],
  ["an array nested 10,000 deep", "[".repeat(10_000) + "]".repeat(10_000), /nested more than 64/],
  [
    "columns nested 10,000 deep",
    doc('{"a":'.repeat(10_000) + "1" + "}".repeat(10_000)),
    /nested more than 64/,
  ],
  ["columns as an array", doc("[]"), /: \/columns: invalid value \[\]: expected an object/],
  [
    "an entry as a number",
    doc('{"upcr":5}'),
    /: \/columns\/upcr: invalid value 5: expected an object/,
  ],
  [
    "a column as a number",
    doc('{"sex":{"column":7}}'),
    /\/columns\/sex\/column: invalid value 7: expected text/,
  ],
  [
    "a unit as a list",
    doc('{"upcr":{"column":"UPCR","unit":["mg"]}}'),
    /\/columns\/upcr\/unit: invalid value \["mg"\]: expected text/,
  ],
  [
    "a date order of another kind",
    doc('{"birth_date":{"column":"DOB","dateOrder":"ymd"}}'),
    /\/columns\/birth_date\/dateOrder: invalid value "ymd"/,
  ],
  [
    "recoded values that are not text",
    doc('{"sex":{"column":"Sex","values":{"F":1}}}'),
    /\/columns\/sex\/values\/F: invalid value 1/,
  ],
  [
    "a version and protocol of the wrong types",
    '{"version":"1","protocol":5,"columns":{}}',
    /\/version: invalid value "1"[^]*\/protocol: invalid value 5: expected text/,
  ],
  ["a syntax error", '{"version":1,\n "columns": }', /not valid JSON at line 2, column 13/],
];

const COMMANDS: [string, string[]][] = [
  ["screen", ["--quiet"]],
  ["explain", ["--patient", "LN100001"]],
  ["report", ["--out", join(dir, "report.json")]],
];

beforeAll(async () => {
  expect((await run("synth", "--rows", "30", "--seed", "2", "--out", data)).code).toBe(0);
});

describe.each(COMMANDS)("prescreen %s --mapping of the wrong shape", (command, extra) => {
  it.each(SHAPES)("%s: exit 1 and the problem's place", async (name, text, message) => {
    const path = join(dir, `${name.replace(/\W+/g, "-")}.json`);
    writeFileSync(path, text);
    const r = await run(
      command,
      ...["--data", data, "--protocol", "ln-cd19-cd70", "--mapping", path],
      ...extra,
    );
    expect(r.err).not.toMatch(/internal error/);
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/is not a mapping document|not valid JSON/);
    expect(r.err).toMatch(message);
    expect(r.err).toContain(path);
  });
});
