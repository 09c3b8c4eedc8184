/**
 * A scenario FILE whose parameters, variables and mapping use names that are members of every
 * JavaScript object (`constructor`, `toString`, `__proto__`, `hasOwnProperty`), loaded by the
 * app's Flow onto a file whose columns are so named: the screen must match the same scenario
 * under ordinary names. Written as JSON text by hand: `{"__proto__": 50}` in an object literal
 * would set a prototype, not a key.
 */
import { describe, expect, it } from "vitest";
import { Flow } from "../../src/app/flow.svelte.ts";
import { parseScenario, scenarioJson } from "../../src/app/exports.ts";
import { synthForProtocol } from "../../src/synth/protocol-synth.ts";
import { getBuiltin } from "../../src/protocols/index.ts";
import {
  OBJECT_PARAMS,
  OBJECT_VARS,
  renameHeader,
  T2D_PARAMS_TEXT,
  T2D_TEXT,
  T2D_VARS_TEXT,
} from "../support/object-names.ts";
import { services } from "./fixtures.ts";

const t2d = getBuiltin("example-t2d")!;
const csv = [...synthForProtocol(t2d, { rows: 400, seed: 4 }).chunks()].join("");
const nl = csv.indexOf("\n");
const renamedCsv = renameHeader(csv.slice(0, nl)) + csv.slice(nl);
const VALUES = [27, 31, 50, 7.5];

/** a scenario file's text: the protocol embedded, overrides and mapping as JSON text */
function scenario(protocol: string, overrides: string, mapping?: string): string {
  return `{"kind":"cohort-prescreener/scenario","version":1,"protocolId":"example-t2d",
    "protocol":${protocol},"overrides":{${overrides}},"disabled":[]
    ${mapping ? `,"mapping":{"version":1,"protocol":"example-t2d","columns":{${mapping}}}` : ""}}`;
}
const pairs = (names: string[]) => names.map((n, k) => `"${n}":${VALUES[k]}`).join(",");
/** mapping entries for every column of the file, `renamed` after OBJECT_VARS, but for `leave` */
function entries(renamed: boolean, leave?: string): string {
  return csv
    .slice(0, nl)
    .split(",")
    .flatMap((h) => {
      const v = OBJECT_VARS.find(([a]) => a === h);
      const [variable, column] = renamed && v ? [v[1], v[2]] : [h, h];
      return variable === leave ? [] : [`"${variable}":{"column":"${column}"}`];
    })
    .join(",");
}

async function screened(data: string, text: string) {
  const f = new Flow(services());
  await f.openFile(new Blob([data]), "extract.csv");
  const problems = await f.applyScenario(text, "s.json");
  expect(problems.filter((p) => p.severity === "error")).toEqual([]);
  expect(f.phase).toBe("screen");
  return f;
}
const verdicts = (f: Flow) => f.screen.verdicts.map((v) => [...v]);

describe("a scenario file with object-member names", () => {
  it("sets parameters so named as it sets the ordinary ones, and saves them again", async () => {
    const plain = await screened(csv, scenario(T2D_TEXT, pairs(OBJECT_PARAMS.map(([a]) => a))));
    const base = await screened(csv, scenario(T2D_TEXT, ""));
    const f = await screened(
      csv,
      scenario(T2D_PARAMS_TEXT, pairs(OBJECT_PARAMS.map(([, b]) => b))),
    );
    expect(verdicts(plain)).not.toEqual(verdicts(base));
    expect(verdicts(f)).toEqual(verdicts(plain));
    expect(OBJECT_PARAMS.map(([, b]) => f.screen.paramValue(b))).toEqual(VALUES);
    expect(f.screen.differences.filter((d) => d.kind === "parameter").length).toBe(4);
    // saved and read back: every override is an own key of the file's overrides
    const back = parseScenario(scenarioJson(f.screen, f.choices, true)).scenario!;
    for (const [, b] of OBJECT_PARAMS) expect(Object.hasOwn(back.overrides, b), b).toBe(true);
  });

  it("the what-if sets and resets a parameter named __proto__", async () => {
    const plain = await screened(csv, scenario(T2D_TEXT, ""));
    const f = await screened(csv, scenario(T2D_PARAMS_TEXT, ""));
    await plain.screen.setParam("egfr_min", 50);
    await f.screen.setParam("__proto__", 50);
    expect(f.screen.paramValue("__proto__")).toBe(50);
    expect(verdicts(f)).toEqual(verdicts(plain));
    expect(f.screen.differences.map((d) => d.kind)).toEqual(["parameter"]);
    await f.screen.resetParam("__proto__");
    await plain.screen.resetParam("egfr_min");
    expect(Object.keys(f.screen.overrides)).toEqual([]);
    expect(verdicts(f)).toEqual(verdicts(plain));
  });

  it("maps variables so named from columns so named (the scenario's mapping)", async () => {
    const plain = await screened(csv, scenario(T2D_TEXT, "", entries(false)));
    const f = await screened(renamedCsv, scenario(T2D_VARS_TEXT, "", entries(true)));
    expect(verdicts(f)).toEqual(verdicts(plain));
  });

  it.each(OBJECT_VARS)(
    "a variable %s renamed %s that the scenario's mapping leaves out is unmapped",
    async (ordinary, renamed) => {
      const plain = await screened(csv, scenario(T2D_TEXT, "", entries(false, ordinary)));
      const f = await screened(renamedCsv, scenario(T2D_VARS_TEXT, "", entries(true, renamed)));
      expect(f.unmapped).toContain(renamed);
      expect(verdicts(f)).toEqual(verdicts(plain));
    },
  );
});
