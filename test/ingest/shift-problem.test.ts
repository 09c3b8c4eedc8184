import { describe, expect, it } from "vitest";
import { shiftProblem } from "../../src/ingest/parallel/assemble.ts";
import type { Problem } from "../../src/engine/protocol/types.ts";

const p = (line: number, message: string): Problem => ({
  where: "file.csv",
  line,
  message,
  severity: "warning",
});

describe("a part's problem moved by the lines before it", () => {
  it("moves the line and every line number in its words", () => {
    const got = shiftProblem(
      p(
        4,
        "a quote opened on line 4 is not closed: it would have joined lines 4-9 (6 lines) to line 9",
      ),
      100,
    );
    expect(got.line).toBe(104);
    expect(got.message).toBe(
      "a quote opened on line 104 is not closed: it would have joined lines 104-109 (6 lines) to line 109",
    );
  });

  it("keeps the file's quoted text as it was", () => {
    const got = shiftProblem(
      p(3, 'line 3 ("see line 7") below the data looks like a totals row'),
      10,
    );
    expect(got.message).toBe('line 13 ("see line 7") below the data looks like a totals row');
  });

  it("leaves the first part's problems alone", () => {
    const q = p(3, "line 3 below the data has only empty cells");
    expect(shiftProblem(q, 0)).toBe(q);
  });
});
