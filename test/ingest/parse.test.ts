import { describe, expect, it } from "vitest";
import { parseCsvBytes, parseCsvStream, parseCsvText } from "../../src/ingest/read/parse.ts";
import { chunks, grid, kinds, messages, utf16 } from "./helpers.ts";

const enc = (s: string) => new TextEncoder().encode(s);

describe("dialects", () => {
  const expected = [
    ["id", "upcr", "note"],
    ["1", "1.5", "a, b"],
    ["2", "<0.5", 'say "hi"'],
  ];
  const cases: [string, string][] = [
    ["comma, LF", 'id,upcr,note\n1,1.5,"a, b"\n2,<0.5,"say ""hi"""\n'],
    ["comma, CRLF", 'id,upcr,note\r\n1,1.5,"a, b"\r\n2,<0.5,"say ""hi"""\r\n'],
    ["semicolon with decimal comma", 'id;upcr;note\n1;1,5;a, b\n2;<0,5;"say ""hi"""\n'],
    ["tab", 'id\tupcr\tnote\n1\t1.5\ta, b\n2\t<0.5\t"say ""hi"""\n'],
    ["pipe", 'id|upcr|note\n1|1,5|a, b\n2|<0.5|"say ""hi"""'],
    ["UTF-8 BOM", '\ufeffid,upcr,note\n1,1.5,"a, b"\n2,<0.5,"say ""hi"""\n'],
  ];
  for (const [name, text] of cases)
    it(`reads ${name}`, () => {
      const t = parseCsvText(text);
      const g = grid(t);
      g[2]![1] = g[2]![1]!.startsWith("<0.4999") ? "<0.5" : g[2]![1]!;
      expect(g).toEqual(expected);
      expect(messages(t)).toEqual([]);
    });

  it("reports the delimiter, decimal comma and newline found", () => {
    const t = parseCsvText("a;b\r\n1,5;2\r\n");
    expect(t.dialect).toMatchObject({
      delimiter: ";",
      decimalComma: true,
      newline: "\r\n",
      encoding: "utf-8",
    });
    expect(t.dialect.notes.join(" ")).toContain('";"');
  });

  it("reads UTF-16 LE and BE with a BOM", () => {
    for (const le of [true, false]) {
      const t = parseCsvBytes(utf16("name,age\nJosé,40\n", le));
      expect(t.dialect.encoding).toBe(le ? "utf-16le" : "utf-16be");
      expect(grid(t)).toEqual([
        ["name", "age"],
        ["José", "40"],
      ]);
    }
  });

  it("falls back to Windows-1252 for invalid UTF-8, with a visible note", () => {
    const bytes = new Uint8Array([
      ...enc("name,city\nJos"),
      0xe9,
      ...enc(",K"),
      0xf6,
      ...enc("ln\n"),
    ]);
    const t = parseCsvBytes(bytes);
    expect(t.dialect.encoding).toBe("windows-1252");
    expect(t.dialect.notes.join(" ")).toMatch(/Windows-1252/);
    expect(grid(t)[1]).toEqual(["José", "Köln"]);
  });

  it("decodes with a chosen encoding", () => {
    const t = parseCsvBytes(new Uint8Array([...enc("a\n"), 0x80, ...enc("\n")]), {
      encoding: "windows-1252",
    });
    expect(grid(t)[1]).toEqual(["€"]);
  });

  it("reads the same table whatever the chunk size (quotes, CRLF and UTF-8 split across chunks)", async () => {
    const text = 'id,name,note\r\n1,"Zoë ""Z""","multi\r\nline"\r\n2,Ünal,€5\r\n3,"a,b",\r\n';
    const whole = grid(parseCsvText(text));
    for (const size of [1, 2, 3, 7, 64])
      expect(grid(await parseCsvStream(chunks(enc(text), size)))).toEqual(whole);
    expect(whole[1]).toEqual(["1", 'Zoë "Z"', "multi\r\nline"]);
  });

  it("reads a web ReadableStream", async () => {
    const t = await parseCsvStream(new Blob(["a,b\n1,2\n"]).stream());
    expect(grid(t)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });
});

describe("column types", () => {
  it("infers number, date, boolean and category columns", () => {
    const t = parseCsvText("n,d,b,c\n1,2020-01-02,yes,IV\n2.5,2021-03-04,NO,III\nNA,,y,v\n");
    expect(kinds(t)).toEqual(["number", "date", "boolean", "category"]);
    expect(t.columns[0]!.stats).toMatchObject({ present: 2, missing: 1, missingTokens: { na: 1 } });
  });

  it("counts values that do not fit the column type, with line numbers, and keeps their text", () => {
    const rows = Array.from({ length: 30 }, (_, i) => `${i}`);
    rows[20] = "twelve";
    const t = parseCsvText(`n\n${rows.join("\n")}\n`);
    const c = t.columns[0]!;
    expect(c.storage.kind).toBe("number");
    expect(c.stats.unparseable).toBe(1);
    expect(c.stats.unparseableExamples).toEqual([{ line: 22, value: "twelve" }]);
    expect(c.rejects).toEqual({ rows: [20], texts: ["twelve"] });
    expect(messages(t).join()).toContain('"twelve" (line 22)');
  });

  it("keeps leading-zero codes as text", () => {
    expect(kinds(parseCsvText("zip\n08123\n12345\n"))).toEqual(["category"]);
  });

  it("detects the day/month order of a date column from its values", () => {
    const t = parseCsvText("d\n03/04/2020\n25/12/2020\n");
    expect(t.columns[0]!.dateOrder).toBe("dmy");
    expect(grid(t).slice(1)).toEqual([["2020-04-03"], ["2020-12-25"]]);
    const u = parseCsvText("d\n03/04/2020\n12/25/2020\n");
    expect(grid(u).slice(1)).toEqual([["2020-03-04"], ["2020-12-25"]]);
  });

  it("reports an ambiguous date column instead of guessing, and applies a chosen order", () => {
    const text = "d\n03/04/2020\n05/06/2021\n07/07/2022\n";
    const t = parseCsvText(text);
    const c = t.columns[0]!;
    expect(c.storage.kind).toBe("date");
    expect(c.dateAmbiguity?.ambiguous).toBe(2);
    expect(messages(t, "warning").join()).toMatch(/choose its date order/);
    expect(c.storage.kind === "date" && Array.from(c.storage.days).map(Number.isNaN)).toEqual([
      true,
      true,
      false,
    ]);
    const chosen = parseCsvText(text, { dateOrder: "mdy" });
    expect(grid(chosen).slice(1).flat()).toEqual(["2020-03-04", "2021-05-06", "2022-07-07"]);
    expect(
      parseCsvText(text, { dateOrder: { d: "dmy" } }).columns[0]!.dateAmbiguity,
    ).toBeUndefined();
  });

  it("decides the order from a later value beyond the sample", () => {
    const rows = Array.from({ length: 2500 }, () => "03/04/2020");
    rows.push("25/12/2020");
    const t = parseCsvText(`d\n${rows.join("\n")}\n`);
    expect(t.columns[0]!.dateOrder).toBe("dmy");
    expect(grid(t)[1]).toEqual(["2020-04-03"]);
  });
});

describe("bad files", () => {
  it("says an empty file is empty", () => {
    for (const text of ["", "\n\n"]) {
      const t = parseCsvText(text);
      expect(t.nRows).toBe(0);
      expect(messages(t, "error").join()).toMatch(/empty/);
    }
  });

  it("says a header-only file has no rows", () => {
    const t = parseCsvText("a,b,c\n");
    expect(t.header).toEqual(["a", "b", "c"]);
    expect(messages(t, "error")).toEqual(["the file has a header but no data rows"]);
  });

  it("renames blank and duplicate headers with warnings", () => {
    const t = parseCsvText("name,,name,Name,x\n1,2,3,4,5\n");
    expect(t.header).toEqual(["name", "col_2", "name_2", "Name_3", "x"]);
    expect(messages(t, "warning")).toHaveLength(3);
  });

  it("keeps ragged rows: short rows padded as missing, extra cells counted, with line numbers", () => {
    const t = parseCsvText("a,b,c\n1,2,3\n4,5\n6,7,8,9,10\n11,12,13\n");
    expect(t.nRows).toBe(4);
    expect(grid(t)[2]).toEqual(["4", "5", ""]);
    expect(t.columns[2]!.stats.padded).toBe(1);
    const m = messages(t, "warning");
    expect(m.some((x) => /1 row\(s\) have fewer cells.*line(s)? 3/.test(x))).toBe(true);
    expect(m.some((x) => /more cells.*lines 4.*2 extra cell/.test(x))).toBe(true);
  });

  it("counts line numbers across quoted newlines", () => {
    const t = parseCsvText('a,b\n"x\ny",1\nz,2,extra\n');
    expect(t.problems[0]!.line).toBe(4);
  });

  const binaries: [string, number[], RegExp][] = [
    [
      "xlsx",
      [0x50, 0x4b, 0x03, 0x04, 20, 0, 6, 0],
      /Excel workbook \(\.xlsx\).*Save As > CSV UTF-8/,
    ],
    ["xls", [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0], /\.xls/],
    ["pdf", [...enc("%PDF-1.7\n")], /PDF/],
    ["NUL bytes", [...enc("a,b\n1"), 0, 0, ...enc(",2\n")], /NUL/],
  ];
  for (const [name, bytes, re] of binaries)
    it(`refuses a ${name} file with what to do`, () => {
      const t = parseCsvBytes(new Uint8Array(bytes));
      expect(t.columns).toEqual([]);
      expect(messages(t, "error").join()).toMatch(re);
    });

  it("refuses a file larger than the memory budget before reading it", async () => {
    let read = false;
    async function* never(): AsyncGenerator<Uint8Array> {
      read = true;
      yield new Uint8Array(0);
    }
    const t = await parseCsvStream(never(), { totalBytes: 3e9, memoryBudget: 2e9 });
    expect(read).toBe(false);
    expect(messages(t, "error").join()).toMatch(/needs about .* more than is available/);
  });

  it("reports a read error and an unknown encoding as problems", async () => {
    async function* broken(): AsyncGenerator<Uint8Array> {
      yield enc("a,b\n1,2\n");
      throw new Error("NotReadableError: the file changed");
    }
    const t = await parseCsvStream(broken());
    expect(messages(t, "error").join()).toMatch(/could not be read: NotReadableError/);
    const u = parseCsvText("a\n1\n", { encoding: "klingon" as never });
    expect(messages(u, "error").join()).toMatch(/unknown encoding "klingon"/);
  });

  it("reports an unterminated quote without failing", () => {
    const t = parseCsvText('a,b\n1,"open\n2,3\n');
    expect(t.nRows).toBe(1);
    expect(messages(t).join()).toMatch(/never closed/);
  });
});

describe("progress and cancel", () => {
  const big = enc("a,b\n" + "1,2\n".repeat(300_000));

  it("reports progress with bytes and rows, ending at the total", async () => {
    const seen: { bytes: number; rows: number }[] = [];
    const t = await parseCsvStream(chunks(big, 1 << 16), {
      totalBytes: big.length,
      onProgress: (p) => seen.push(p),
    });
    expect(t.nRows).toBe(300_000);
    expect(seen[0]).toMatchObject({ bytes: 0, rows: 0 });
    expect(seen.at(-1)).toMatchObject({ bytes: big.length, rows: 300_000, totalBytes: big.length });
  });

  it("rejects with an AbortError when cancelled", async () => {
    const ac = new AbortController();
    // cancelled once 100 kB were read (not from onProgress: a fast load may report no
    // progress between its start and its end, 100 ms apart)
    async function* cancelling(): AsyncGenerator<Uint8Array> {
      for await (const c of chunks(big, 1 << 12)) {
        yield c;
        if (c.byteOffset > 100_000) ac.abort();
      }
    }
    const p = parseCsvStream(cancelling(), { signal: ac.signal });
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
  });
});
