/**
 * The quote-free fast path (core.ts fastConsume, builders' pushRange) must give exactly the
 * table PapaParse's path gives: same values, counters, rejects, line numbers and problems.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { rowArray } from "../../src/engine/types.ts";
import { IngestCore } from "../../src/ingest/read/core.ts";
import type { ParseOptions, RawTable } from "../../src/ingest/types.ts";

const NUM = [
  "1",
  "-2.5",
  "0.25",
  "",
  "NA",
  "na",
  " 7 ",
  "<0.5",
  ">=3",
  "1e3",
  "abc",
  "-",
  "08",
  "12345678901234567",
];
const BOOL = [
  "yes",
  "no",
  "Yes",
  "NO",
  "y",
  "n",
  "1",
  "0",
  "",
  "NA",
  "pos",
  " yes",
  "maybe",
  "true",
];
const DATE = [
  "2020-01-31",
  "1999-12-01",
  "2020-02-30",
  "",
  "NA",
  "2020-1-5",
  "20200105",
  "x",
  "2021-06-15T10:00",
];
const CAT = ["a", "b", "c", "", "NA", " a", "B", "unknown", "d", "e"];
/** quoted and odd cells (as written in the file) for the free-text column and others */
const QUOTED = [
  '"a, b"',
  '"say ""hi"""',
  '""',
  '"12"',
  '"yes"',
  '"2020-01-31"',
  '"""a"""',
  "plain",
  'mid"quote',
  '"line\nbreak"',
  '"x"y',
  '"x" ',
  '"unclosed',
];

/** `rows` rows of an id, number, boolean, date and category column (first 2000 rows clean). */
function csv(
  rows: number,
  pick: (i: number, k: number) => number,
  opts: { delim?: string; nl?: string; ragged?: boolean; quotes?: boolean } = {},
): string {
  const d = opts.delim ?? ",";
  const nl = opts.nl ?? "\n";
  const lines = [["id", "value", "flag", "visit_date", "group"].join(d)];
  for (let i = 0; i < rows; i++) {
    const clean = i < 2000;
    const id = `P${i % 3000}`;
    const num = clean ? String(i % 97) : NUM[pick(i, 0) % NUM.length]!;
    const bool = clean ? (i % 2 ? "yes" : "no") : BOOL[pick(i, 1) % BOOL.length]!;
    const date = clean ? "2020-03-04" : DATE[pick(i, 2) % DATE.length]!;
    const cat = clean ? "a" : CAT[pick(i, 3) % CAT.length]!;
    let cells = [id, num, bool, date, cat];
    if (opts.quotes && !clean) {
      const q = pick(i, 5) % 8;
      // a quoted or odd cell in one of the columns now and then; the ones PapaParse must read
      // (a line break inside quotes, text after the closing quote) rarely, the unclosed quote
      // (it swallows the rest of the file) only near the end
      const r = pick(i, 6);
      const v =
        i === rows - 3
          ? QUOTED[QUOTED.length - 1]!
          : r % 300 === 0
            ? QUOTED[9 + (r % 3)]!
            : QUOTED[r % 9]!;
      if (q < 5) cells[q] = v.replace(/,/g, d);
    }
    if (opts.ragged && !clean) {
      const r = pick(i, 4) % 40;
      if (r === 0) cells = cells.slice(0, 2);
      else if (r === 1) cells = [...cells, "extra", "more"];
      else if (r === 2) cells = [];
      else if (r === 3) cells = ["  "];
    }
    lines.push(cells.join(d));
  }
  return lines.join(nl) + nl;
}

/** Bytes fed in 8 KiB slices (a stream's chunking), so text is parsed in many chunks. */
function read(bytes: Uint8Array, opts: ParseOptions): RawTable {
  const core = new IngestCore(opts);
  for (let k = 0; k < bytes.length; k += 8192) core.pushBytes(bytes.subarray(k, k + 8192));
  return core.finish();
}

/** `minShare`: least share of rows the fast path must have read (null: no minimum). */
function both(
  text: string,
  minShare: number | null = 1 / 3,
  textChunk = 10_000,
): [RawTable, RawTable] {
  const bytes = new TextEncoder().encode(text);
  const before = IngestCore.fastRows;
  const fast = read(bytes, { textChunk });
  // the fast path really read many rows (not the 64 KiB head nor the 2,000-row type sample)
  if (minShare !== null)
    expect(IngestCore.fastRows - before).toBeGreaterThan(fast.nRows * minShare);
  const afterFast = IngestCore.fastRows;
  const slow = read(bytes, { fastPath: false, textChunk });
  expect(IngestCore.fastRows).toBe(afterFast);
  return [fast, slow];
}

function same(fast: RawTable, slow: RawTable): void {
  expect(fast.nRows).toBe(slow.nRows);
  expect(fast.problems).toEqual(slow.problems);
  expect(fast.dialect).toEqual(slow.dialect);
  expect(fast.columns.length).toBe(slow.columns.length);
  for (let j = 0; j < fast.columns.length; j++) {
    const a = fast.columns[j]!;
    const b = slow.columns[j]!;
    expect(a.stats, a.name).toEqual(b.stats);
    // (tokens in the order they first occur, as the general path makes their keys)
    expect(Object.keys(a.stats.missingTokens), a.name).toEqual(Object.keys(b.stats.missingTokens));
    expect(a.rejects, a.name).toEqual(b.rejects);
    expect(a.storage, a.name).toEqual(b.storage);
  }
}

const hash = (seed: number) => (i: number, k: number) =>
  (Math.imul(i + 1, 2654435761) ^ Math.imul(k + 7, 40503) ^ seed) >>> 3;

describe("quote-free fast path", () => {
  it("reads the same table as the PapaParse path (LF, comma)", () => {
    const [fast, slow] = both(csv(6000, hash(1)));
    expect(fast.nRows).toBe(6000);
    // the odd values really occur after the sample, so the comparison means something
    expect(slow.columns[1]!.stats.unparseable).toBeGreaterThan(0);
    expect(slow.columns[1]!.stats.censored).toBeGreaterThan(0);
    expect(slow.columns[2]!.stats.missingTokens["na"]).toBeGreaterThan(0);
    same(fast, slow);
  });

  it("reads the same ragged rows, blank lines and line numbers", () => {
    const [fast, slow] = both(csv(6000, hash(2), { ragged: true }));
    expect(messages(slow).some((m) => m.includes("fewer cells"))).toBe(true);
    expect(messages(slow).some((m) => m.includes("more cells"))).toBe(true);
    expect(slow.dialect.notes.some((n) => n.includes("blank line"))).toBe(true);
    same(fast, slow);
  });

  it("reads the same with CRLF, semicolons and tabs", () => {
    for (const [delim, nl] of [
      [",", "\r\n"],
      [";", "\r\n"],
      ["\t", "\n"],
      [";", "\r"],
    ] as const) {
      const [fast, slow] = both(csv(5000, hash(3), { delim, nl, ragged: true }));
      expect(fast.nRows).toBeGreaterThan(4000);
      same(fast, slow);
    }
  });

  it("reads quoted cells like PapaParse (escaped quotes, delimiters inside, odd quotes)", () => {
    // (a record PapaParse must read hands it the rest of its chunk: fewer fast rows here)
    const [fast, slow] = both(csv(8000, hash(4), { quotes: true }), 0.2);
    expect(slow.problems.some((p) => p.message.includes("quote"))).toBe(true);
    same(fast, slow);
    for (const [delim, nl] of [
      [";", "\r\n"],
      [",", "\r\n"],
    ] as const) {
      const [f2, s2] = both(csv(6000, hash(5), { delim, nl, quotes: true, ragged: true }), 0);
      same(f2, s2);
    }
  });

  it("agrees with the PapaParse path on random tables (property)", () => {
    fc.assert(
      fc.property(
        fc.integer(),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom("\n", "\r\n"),
        (seed, ragged, quotes, nl) => {
          // how many rows the fast path reads between ragged rows depends on where they fall
          // (a chunk with one returns to PapaParse): a share is asked of clean tables only
          const [fast, slow] = both(
            csv(4500, hash(seed), { ragged, nl, quotes }),
            quotes || ragged ? null : 1 / 3,
          );
          same(fast, slow);
        },
      ),
      { numRuns: 10 },
    );
  });
});

/** the cells the fused reader special-cases, and their near misses (after the clean sample) */
const EDGE: Record<string, readonly string[]> = {
  num: [
    "+5",
    "-5",
    "-0",
    "0",
    "+0",
    "1.",
    ".5",
    "-.5",
    "1e3",
    "1E-2",
    "123456789012345",
    "1234567890123456",
    "0.1234567890123456",
    "99999999999999.9",
    // nine digits and more (the first nine are summed in int32, the rest apart)
    "999999999",
    "9999999999",
    "1000000000",
    "12345678.9",
    "1234567890.12345",
    "-98765432109.8765",
    "0.000000001234",
    "2147483647",
    "2147483648.5",
    "1..2",
    "-",
    "+",
    ".",
    "",
    "NA",
    "nA",
    "N/A",
    "n/a",
    "N/a ",
    "ND",
    "nd",
    "NDx",
    "N/",
    "--",
    "-1",
    " 4",
    "4 ",
    "<0.5",
    "<=2",
    ">3",
    "1,5",
    "1,234.5",
    "\u00a05",
    "12a",
    // censored values (read inline once the column has its first) and their near misses
    "<20",
    "<",
    "< 20",
    "<=20",
    "<20.",
    "<-3",
    "<+3",
    "<.5",
    "<1e3",
    "<20 ",
    " <20",
    "<20a",
    "<<3",
    "<==3",
    "<=",
    "<-0",
    "<=-0",
    "<0",
    "<=0",
    ">20",
    ">=20",
    ">-0",
    ">",
    "> 5",
    "\u226420",
    "\u22653.5",
    "\u2264=3",
    "\u2264",
    "<123456789012345",
    "<1234567890123456",
    "<1..2",
    "<1,5",
    // (bounds beyond the clean sample's values: they decide min and max)
    "<-100000",
    "<=-200000.5",
    ">300000",
    // whitespace only (blank once trimmed) and near misses
    " ",
    "  ",
    "\t",
    " \t ",
    "\u00a0",
    " x",
    "\t-",
    " \u0001",
    "\u000b",
  ],
  bool: [
    "yes",
    "no",
    "YES",
    "No",
    "nO",
    "yEs",
    "ye",
    "yess",
    "noo",
    "n",
    "y",
    "N",
    "Y",
    "yo",
    "nn",
    "Yy",
    "n\u0301",
    "y\u00a0",
    "negative",
    "NEGATIVE",
    "Positive",
    "pos",
    "neg",
    "nega",
    "negatives",
    "positiv",
    "po",
    "p",
    "TRUE",
    "False",
    "t",
    "F",
    "tru",
    "fals",
    "\u0011",
    "\u0010",
    "non",
    "nein",
    "ja",
    "+",
    "1",
    "0",
    "10",
    "",
    "NA",
    "na",
    " yes",
    "no ",
    "true",
    "\u0179es",
    "\u0179o",
    "yes\u0301",
    "-",
    "N/A",
    "nd",
    "ND",
    "N\\A",
    // trailing spaces (trimmed), whitespace only, and near misses
    "n ",
    "y ",
    "no ",
    "yes  ",
    "negative ",
    "positive ",
    "false ",
    "TRUE ",
    "1 ",
    "0 ",
    "nega ",
    "n \t",
    "n\t",
    "n \u00a0",
    "ye ",
    // words read four chars at a time: non-ASCII chars whose low byte is a letter's
    "y\u0165s",
    "n\u016f",
    "fals\u0165",
    "falsx",
    "falsE",
    "negativ\u0165",
    "posit\u0169ve",
    "TRU\u0165",
    " ",
    "   ",
    "\t",
    " \t",
    " n",
  ],
  date: [
    "2020-01-31",
    "2020-02-29",
    "2021-02-29",
    "2020-12-31",
    "2021-01-01",
    "1900-02-29",
    "2000-02-29",
    "2020-13-01",
    "2020-00-10",
    "2020-04-31",
    "2020-1-05",
    "2020-01-5",
    "20200105",
    "2020-01-31T08:00",
    "",
    "NA",
    "-",
    "N/A",
    "n/a",
    "ND",
    "nD",
    "N/B",
    " 2020-01-01",
    "2020-01-0a",
    "202a-01-01",
    "2020/01/31",
    " ",
    "\t\t",
    "2020-01-01 ",
  ],
  cat: [
    "Aa",
    "BB",
    "AaAa",
    "BBBB",
    "AaBB",
    "BBAa",
    "a",
    "A",
    " a",
    "a ",
    "",
    "NA",
    "unknown",
    "caf\u00e9",
    "cafe",
    "\u00e9t\u00e9",
    "P0000001",
    "P0000002",
    "P0000001 ",
    "-",
    "x".repeat(40),
    // null spellings and whitespace (code -1 once seen), quoted spellings
    "N/A",
    "n/a",
    "ND",
    "nd",
    " ",
    "  ",
    "\t",
    " -",
    "- ",
    "--",
    '"Aa"',
    '"BB"',
    '"new, one"',
    '"quoted only"',
    '"NA"',
    '" "',
    '""',
    '"A""a"',
    '" Aa"',
    '"-"',
  ],
};

/** A header + clean sample, then rows of random EDGE picks (the picks rotate through every cell). */
function edgeCsv(rows: number, seed: number, nl: string, delim = ",", tail = false): string {
  const cols = Object.keys(EDGE);
  const lines = [["id", ...cols, ...(tail ? ["tail"] : [])].join(delim)];
  const r = hash(seed);
  for (let i = 0; i < rows; i++) {
    const clean = i < 2000;
    const cells = [
      `P${i}`,
      clean ? String((i % 50) - 20) + (i % 3 ? ".25" : "") : "",
      clean ? (i % 2 ? "yes" : "no") : "",
      clean ? `2019-0${1 + (i % 9)}-1${i % 10}` : "",
      clean ? ["Aa", "BB", "a"][i % 3]! : "",
    ];
    if (!clean)
      cols.forEach((c, k) => {
        const vs = EDGE[c]!;
        cells[k + 1] = vs[(i + r(i, k)) % vs.length]!;
      });
    // a ragged row ("1,5" in a comma file) with a quoted cell hands the rest of its chunk to
    // PapaParse: such rows keep their other cells unquoted, so the fast path reads most rows
    if (cells.some((c) => !c.startsWith('"') && c.includes(delim)))
      for (let k = 0; k < cells.length; k++) if (cells[k]!.startsWith('"')) cells[k] = "q";
    // (with a last column, every edge cell is followed by a delimiter, not the line's end)
    if (tail) cells.push(`t${i % 3}`);
    lines.push(cells.join(delim));
  }
  return lines.join(nl) + nl;
}

describe("fused fast path, arrays", () => {
  it("does not grow arrays the rows fit in (a parallel part writes into a region sized for it)", () => {
    const rows = 7001;
    const bytes = new TextEncoder().encode(csv(rows, hash(9)));
    const probe = new IngestCore({});
    probe.pushBytes(bytes.subarray(0, 200_000));
    const info = probe.inspect()!;
    const before = IngestCore.fastRows;
    const core = new IngestCore({}, { ...info, first: true, capacity: rows, keepSpare: true });
    core.pushBytes(bytes);
    const part = core.finishPart();
    expect(part.nRows).toBe(rows);
    expect(IngestCore.fastRows - before).toBeGreaterThan(rows / 2);
    for (const c of part.columns) {
      const a = rowArray(c.storage);
      expect(a.buffer.byteLength / a.BYTES_PER_ELEMENT, c.name).toBe(rows);
    }
  });
});

describe("fused fast path, special cases", () => {
  for (const [nl, tail] of [
    ["\n", false],
    ["\r\n", false],
    ["\r", false],
    ["\n", true],
    ["\r\n", true],
  ] as const)
    it(`reads every edge case as the PapaParse path does (${JSON.stringify(nl)}${tail ? ", mid-row" : ""})`, () => {
      const [fast, slow] = both(edgeCsv(5000, 11, nl, ",", tail));
      // the edge cells really took the general path and the token and reject counters
      expect(slow.columns[1]!.stats.censored).toBeGreaterThan(0);
      expect(slow.columns[2]!.stats.unparseable).toBeGreaterThan(0);
      expect(slow.columns[3]!.stats.unparseable).toBeGreaterThan(0);
      expect(slow.columns[1]!.stats.missingTokens["n/a"]).toBeGreaterThan(0);
      same(fast, slow);
    });

  it("reads the same across small text chunks (the rows kept for the next chunk)", () => {
    const text = edgeCsv(3000, 12, "\n", ";");
    for (const textChunk of [17, 64, 333]) {
      const [fast, slow] = both(text, null, textChunk);
      same(fast, slow);
    }
  });

  it("keeps -0 and +0 apart in min and max as the general path does", () => {
    const rows = ["v,f,note"];
    for (let i = 0; i < 6000; i++) rows.push(`${i % 2 ? "1" : "2"},yes,${"x".repeat(20)}`);
    // +0 first (inline), then -0 through the general path (" -0"), then inline again: the
    // first seen of two equal values stays
    for (const v of ["0", " -0", "-0", "0 "]) rows.push(`${v},no,y`);
    const [fast, slow] = both(rows.join("\n") + "\n");
    same(fast, slow);
    expect(Object.is(slow.columns[0]!.stats.min, 0)).toBe(true);
  });

  it("reports the same lone LFs in a CRLF file when they end a chunk's last lines", () => {
    const rows = ["id,v,f"];
    for (let i = 0; i < 6000; i++) rows.push(`P${i},${i % 7},${i % 2 ? "yes" : "no"}`);
    let text = rows[0]!;
    for (let i = 1; i < rows.length; i++)
      text += (i % 41 === 0 && i > 2100 ? "\n" : "\r\n") + rows[i];
    text += "\r\n";
    for (const textChunk of [64, 333, 1000, 10_000]) {
      const [fast, slow] = both(text, null, textChunk);
      expect(messages(slow).some((m) => m.includes("lone LF"))).toBe(true);
      same(fast, slow);
    }
    // found by the property below (quotes, CRLF)
    const [fast, slow] = both(csv(4500, hash(-1499113225), { nl: "\r\n", quotes: true }), null);
    same(fast, slow);
  });

  it("keeps -0 and +0 apart in min and max with censored bounds read inline", () => {
    // (the last, a plain zero of the other sign, does not change a min already at zero)
    for (const order of [
      ["<=0", "<=-0", "-0"],
      ["<=-0", "<=0", "0"],
      [">=-0", "<=0", "0"],
    ]) {
      const rows = ["v,f,note"];
      for (let i = 0; i < 6000; i++) rows.push(`${i % 2 ? "1" : "2"},yes,${"x".repeat(20)}`);
      // the first censored value makes the column's hi array (general path); the rest inline
      for (const v of ["<5", ...order]) rows.push(`${v},no,y`);
      const [fast, slow] = both(rows.join("\n") + "\n");
      same(fast, slow);
      expect(slow.columns[0]!.stats.censored).toBe(3);
      expect(Object.is(slow.columns[0]!.stats.min, order[0] === "<=0" ? 0 : -0)).toBe(true);
    }
  });

  it("counts a column's first blank and null tokens mid-row through the general path", () => {
    // (the key of a token in missingTokens is made by the general path; later ones inline)
    const rows = ["v,f,d,c,note"];
    for (let i = 0; i < 6000; i++)
      rows.push(`${i % 9},${i % 2 ? "yes" : "no"},2020-01-0${1 + (i % 9)},${"ab"[i % 2]},x`);
    for (const r of [
      ",yes,2020-01-01,a,x",
      "1,,,,x",
      ",,,,x",
      "N/A,ND,-,NA,x",
      " ,\t,  ,n/a,x",
      "nd,-,N/A,ND,x",
      "-,n/a,nd,-,x",
      "2,yes,2020-01-01,a,x",
      " , , , ,x",
    ])
      for (let k = 0; k < 3; k++) rows.push(r);
    const [fast, slow] = both(rows.join("\n") + "\n");
    same(fast, slow);
    expect(slow.columns[3]!.stats.missingTokens).toEqual({
      "": 9,
      "n/a": 3,
      nd: 3,
      "-": 3,
      na: 3,
    });
  });

  it("reads a file without a final newline and with a blank last cell", () => {
    const text = edgeCsv(2500, 13, "\n").trimEnd() + "\n1,2,,2020-01-01,\n3,,,,";
    const [fast, slow] = both(text, null);
    same(fast, slow);
  });
});

function messages(t: RawTable): string[] {
  return t.problems.map((p) => p.message);
}
