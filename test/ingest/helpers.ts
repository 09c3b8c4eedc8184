import { cellText } from "../../src/ingest/read/cells.ts";
import type { RawTable } from "../../src/ingest/types.ts";

/** The table as rows of cell texts (header first), for compact expectations. */
export function grid(t: RawTable): string[][] {
  const out = [t.columns.map((c) => c.name)];
  for (let i = 0; i < t.nRows; i++) out.push(t.columns.map((c) => cellText(c, i)));
  return out;
}

export function kinds(t: RawTable): string[] {
  return t.columns.map((c) => c.storage.kind);
}

export function messages(t: RawTable, severity?: "error" | "warning"): string[] {
  return t.problems.filter((p) => !severity || p.severity === severity).map((p) => p.message);
}

/** Chunks `bytes` into pieces of `size` (a stream as a fs or fetch reader would give it). */
export async function* chunks(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

export function utf16(text: string, le: boolean): Uint8Array {
  const out = new Uint8Array(2 + text.length * 2);
  out[0] = le ? 0xff : 0xfe;
  out[1] = le ? 0xfe : 0xff;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[2 + 2 * i] = le ? c & 255 : c >> 8;
    out[3 + 2 * i] = le ? c >> 8 : c & 255;
  }
  return out;
}
