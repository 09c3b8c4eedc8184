/**
 * Headers written in the site's language map to the seed's basic variables without a mapping
 * file: a hand-written French export (accents, `Poids (kg)` with its unit), and the same
 * variables' usual names in German, Spanish, Portuguese and Chinese.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Protocol } from "../../src/engine/protocol/types.ts";
import { applyMapping, autoMap } from "../../src/ingest/map/mapping.ts";
import { parseCsvBytes, parseCsvText } from "../../src/ingest/read/parse.ts";
import { getBuiltin } from "../../src/protocols/index.ts";

const protocol = getBuiltin("ln-cd19-cd70") as Protocol;
const columnsOf = (m: ReturnType<typeof autoMap>) =>
  Object.fromEntries(Object.entries(m.mapping.columns).map(([v, c]) => [v, c.column]));

describe("a French export's headers", () => {
  const raw = parseCsvBytes(
    readFileSync(join(import.meta.dirname, "../fixtures/foreign/french-basics.csv")),
  );
  const auto = autoMap(protocol, raw);

  it("map sex, age, weight, birth date and the accented lab names", () => {
    expect(columnsOf(auto)).toMatchObject({
      sex: "Sexe",
      age_years: "Âge",
      weight: "Poids (kg)",
      birth_date: "Date de naissance",
      creatinine: "Créatinine (µmol/L)",
      haemoglobin: "Hémoglobine (g/dL)",
    });
    const byVar = new Map(auto.matches.map((m) => [m.variable, m]));
    expect(byVar.get("sex")!.reason).toBe('abbreviation "Sexe"');
    expect(byVar.get("weight")!.unitSource).toBe("header");
  });

  it("read the values in those columns", () => {
    const r = applyMapping(protocol, raw, auto.mapping);
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
    const q = (v: string) => r.quality.columns.find((c) => c.variable === v)!;
    for (const v of ["sex", "age_years", "weight", "birth_date", "creatinine"])
      expect([v, q(v).notUnderstood?.count ?? 0]).toEqual([v, 0]);
    const w = r.table.columns["weight"]!;
    expect(w.kind === "number" && [...w.lo]).toEqual([61.5, 82, 58.3, NaN, 77.9]);
  });
});

describe("the basic variables' names in other languages", () => {
  const cases: [string, string[]][] = [
    ["German", ["Geschlecht", "Alter", "Gewicht", "Geburtsdatum"]],
    ["Spanish", ["Sexo", "Edad", "Peso", "Fecha de nacimiento"]],
    ["Portuguese", ["Sexo", "Idade", "Peso (kg)", "Data de nascimento"]],
    ["Chinese", ["性别", "年龄", "体重", "出生日期"]],
    ["Japanese", ["性別", "年齢", "体重 (kg)", "生年月日"]],
  ];
  for (const [language, [sex, age, weight, birth]] of cases)
    it(`${language}: ${sex}, ${age}, ${weight}, ${birth}`, () => {
      const raw = parseCsvText(
        `id,${sex},${age},${weight},${birth}\nP1,1,40,70,1985-01-01\nP2,2,52,81,1973-06-30\n`,
      );
      expect(columnsOf(autoMap(protocol, raw))).toMatchObject({
        sex,
        age_years: age,
        weight,
        birth_date: birth,
      });
    });

  it("two headers in non-Latin letters stay apart (none is read as empty)", () => {
    const raw = parseCsvText("id,性别,备注\nP1,女,x\n");
    const m = columnsOf(autoMap(protocol, raw));
    expect(m.sex).toBe("性别");
    expect(Object.values(m)).not.toContain("备注");
  });
});
