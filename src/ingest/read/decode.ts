/**
 * Encoding detection from the first bytes, and a streaming decoder. Binary and spreadsheet
 * files are recognised and refused with a message that says what to do.
 *
 * @example
 * const d = detectEncoding(firstBytes); // { encoding: "utf-8", bomLength: 3, notes: [...] }
 */
import type { EncodingName } from "../types.ts";

export interface EncodingGuess {
  encoding: EncodingName;
  /** bytes of byte-order mark at the start */
  bomLength: number;
  notes: string[];
}

const SIGNATURES: { bytes: number[]; message: string }[] = [
  {
    bytes: [0x50, 0x4b, 0x03, 0x04],
    message:
      "this looks like an Excel workbook (.xlsx) or another zip file, not CSV: save it as CSV (File > Save As > CSV UTF-8) and load that",
  },
  {
    bytes: [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
    message:
      "this looks like an old Excel workbook (.xls), not CSV: save it as CSV (File > Save As > CSV UTF-8) and load that",
  },
  {
    bytes: [0x25, 0x50, 0x44, 0x46],
    message: "this looks like a PDF document, not CSV: export the data as CSV and load that",
  },
  {
    bytes: [0x1f, 0x8b],
    message:
      "this looks like a gzip-compressed file, not CSV: decompress it first and load the .csv inside",
  },
  {
    bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65],
    message: "this looks like an SQLite database, not CSV: export a table as CSV and load that",
  },
];

function startsWith(b: Uint8Array, sig: number[]): boolean {
  if (b.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (b[i] !== sig[i]) return false;
  return true;
}

/** A message when the bytes are a known binary format or contain NUL bytes, else null. */
export function binaryProblem(head: Uint8Array): string | null {
  for (const s of SIGNATURES) if (startsWith(head, s.bytes)) return s.message;
  if (isUtf16Bom(head)) return null;
  const n = Math.min(head.length, 8192);
  let nul = 0;
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const c = head[i]!;
    if (c === 0) nul++;
    else if (c < 9 || (c > 13 && c < 32 && c !== 26 && c !== 27)) ctrl++;
  }
  if (nul > 0)
    return "this file contains NUL bytes, so it is binary, not CSV text: export the data as CSV and load that";
  if (n > 0 && ctrl / n > 0.1)
    return "this file looks binary (many control bytes), not CSV text: export the data as CSV and load that";
  return null;
}

function isUtf16Bom(b: Uint8Array): boolean {
  return (b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff);
}

/** True when `b` is valid UTF-8, allowing a sequence cut at the end. */
export function isValidUtf8(b: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(b, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Detects the encoding from the first bytes (BOM, then UTF-8 validity, else Windows-1252). */
export function detectEncoding(head: Uint8Array, forced?: EncodingName): EncodingGuess {
  const bom = bomOf(head);
  if (forced) {
    const notes = [`encoding chosen: ${forced}`];
    return { encoding: forced, bomLength: bom && bom.encoding === forced ? bom.length : 0, notes };
  }
  if (bom)
    return {
      encoding: bom.encoding,
      bomLength: bom.length,
      notes: bom.encoding === "utf-8" ? [] : [`encoding: ${bom.encoding} (byte-order mark)`],
    };
  if (isValidUtf8(head)) return { encoding: "utf-8", bomLength: 0, notes: [] };
  return {
    encoding: "windows-1252",
    bomLength: 0,
    notes: [
      "the file is not valid UTF-8: decoded as Windows-1252 (Latin-1); choose another encoding if accents look wrong",
    ],
  };
}

function bomOf(b: Uint8Array): { encoding: EncodingName; length: number } | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (b[0] === 0xff && b[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (b[0] === 0xfe && b[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

/**
 * Node's native Latin-1 slice (a flat one-byte string at memcpy speed), or null in a browser.
 * For bytes below 0x80 it gives the same string as UTF-8 or Windows-1252 decoding.
 */
const latin1Slice: ((this: Uint8Array, start: number, end: number) => string) | null = (() => {
  const B = (globalThis as { Buffer?: { prototype?: { latin1Slice?: unknown } } }).Buffer;
  const f = B?.prototype?.latin1Slice;
  return typeof f === "function"
    ? (f as (this: Uint8Array, start: number, end: number) => string)
    : null;
})();

/** True when every byte of `b` is below 0x80 (16 bytes at a time where aligned). */
export function isAscii(b: Uint8Array): boolean {
  const n = b.length;
  let i = 0;
  let acc = 0;
  const head = (8 - (b.byteOffset & 7)) & 7;
  for (; i < head && i < n; i++) acc |= b[i]!;
  const words = (n - i) >> 4;
  if (words > 0) {
    // four accumulators: independent ORs (measured ~40% faster than one)
    const w = new Int32Array(b.buffer, b.byteOffset + i, words * 4);
    let x = 0;
    let y = 0;
    let z = 0;
    let v = 0;
    for (let k = 0; k < w.length; k += 4) {
      x |= w[k]!;
      y |= w[k + 1]!;
      z |= w[k + 2]!;
      v |= w[k + 3]!;
    }
    acc |= x | y | z | v;
    i += words * 16;
  }
  for (; i < n; i++) acc |= b[i]!;
  return (acc & 0x80808080) === 0;
}

/**
 * `s` copied into a string of V8's own heap. A browser's TextDecoder returns an external string
 * (its characters stay in the engine's buffer), which optimized code reads more slowly with
 * `charCodeAt`: in Chromium a charCodeAt scan of decoded 64 KiB chunks ran 20-25% faster on flat
 * copies, copy included, and the seed file's load took ~5% less worker CPU (2,860-2,920 ms
 * against 2,940-3,270). Joining two pieces makes the copy (a plain `s + ""` returns `s`).
 */
export function sequential(s: string): string {
  return s.length < 2 ? s : [s.substring(0, 1), s.substring(1)].join("");
}

/** Streaming decoder that skips the BOM and counts replacement characters from bad bytes. */
export class ChunkDecoder {
  private readonly dec: TextDecoder;
  private skip: number;
  /** U+FFFD characters produced (invalid byte sequences) */
  replaced = 0;
  /** ASCII chunks may bypass the decoder: an 8-bit encoding, and no sequence left open */
  private readonly asciiFast: boolean;
  private open = false;

  constructor(guess: EncodingGuess) {
    this.dec = new TextDecoder(guess.encoding, { ignoreBOM: true });
    this.skip = guess.bomLength;
    this.asciiFast =
      latin1Slice !== null && (guess.encoding === "utf-8" || guess.encoding === "windows-1252");
  }

  decode(bytes: Uint8Array): string {
    let b = bytes;
    if (this.skip > 0) {
      const k = Math.min(this.skip, b.length);
      b = b.subarray(k);
      this.skip -= k;
    }
    // (a UTF-8 sequence cut at the previous chunk's end is completed by the decoder)
    if (this.asciiFast && !this.open && b.length > 0 && isAscii(b))
      return latin1Slice!.call(b, 0, b.length);
    if (b.length > 0) this.open = b[b.length - 1]! >= 0x80;
    const s = this.count(this.dec.decode(b, { stream: true }));
    return latin1Slice === null ? sequential(s) : s;
  }

  end(): string {
    return this.count(this.dec.decode());
  }

  /**
   * Text decoded elsewhere from the next bytes (IngestCore.pushDecoded): the byte-order mark is
   * behind (a later `decode` must not skip it again), and its U+FFFD characters are counted.
   */
  decodedElsewhere(s: string): void {
    this.skip = 0;
    this.count(s);
  }

  private count(s: string): string {
    let i = s.indexOf("\ufffd");
    while (i !== -1) {
      this.replaced++;
      i = s.indexOf("\ufffd", i + 1);
    }
    return s;
  }
}
