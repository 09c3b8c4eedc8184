/** The category spelling table: found by range or string, colliding hashes kept apart. */
import { describe, expect, it } from "vitest";
import { ABSENT, Spellings, hashRange, hashString } from "../../src/ingest/read/spellings.ts";

describe("Spellings", () => {
  it("keeps spellings with the same hash apart", () => {
    // "Aa" and "BB" (and their concatenations) share a hash
    const keys = ["Aa", "BB", "AaAa", "AaBB", "BBAa", "BBBB"];
    expect(new Set(keys.slice(2).map(hashString)).size).toBe(1);
    const t = new Spellings();
    keys.forEach((k, i) => t.add(k, hashString(k), i));
    keys.forEach((k, i) => {
      expect(t.find(k, hashString(k))).toBe(i);
      const text = `x,${k},y`;
      expect(t.findRange(text, 2, 2 + k.length, hashRange(text, 2, 2 + k.length))).toBe(i);
    });
    expect(t.find("AB", hashString("AB"))).toBe(ABSENT);
    expect(t.findRange("BBA", 0, 2, hashString("BB"))).toBe(1);
    expect(t.findRange("BBA", 0, 3, hashString("BBA"))).toBe(ABSENT);
  });

  it("finds every one of many sequential ids after growing", () => {
    const t = new Spellings();
    const ids = Array.from({ length: 50_000 }, (_, i) => `P${String(i).padStart(7, "0")}`);
    ids.forEach((id, i) => t.add(id, hashString(id), i));
    expect(t.size).toBe(ids.length);
    for (let i = 0; i < ids.length; i += 7) expect(t.find(ids[i]!, hashString(ids[i]!))).toBe(i);
    expect(t.find("P9999999", hashString("P9999999"))).toBe(ABSENT);
  });
});
