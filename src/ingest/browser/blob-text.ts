/**
 * A browser part's bytes read as text: `Blob.slice(a, b).text()` in pieces of a few MiB (Blink
 * decodes the UTF-8 in C++ and hands over a string), fed to the core with `pushDecoded`. A byte
 * stream's chunks are ArrayBuffers, external memory that V8 frees only after a major GC: 2 MiB
 * each, 40-65 MB of them dead per reading worker at the end of a load in Chromium, the largest
 * part of the renderer's peak after the table itself.
 *
 * Pieces must decode exactly as the whole range would: each one is cut right after an ASCII
 * byte (where a UTF-8 decoder holds no state), and read from that byte on (its text's first
 * character, dropped), so that no piece starts with a byte-order mark that `text()` would strip.
 * A piece that ends inside non-ASCII text is cut back after its last ASCII byte (found with a
 * small byte read). UTF-8 files only (a Windows-1252 or UTF-16 file is read as bytes).
 *
 * @example
 * const pos = await readTextRange(file, core, job.start, job.end, pace);
 * // bytes [pos, job.end) are left to the byte reader (none, unless no ASCII byte was found)
 */
import type { IngestCore } from "../read/core.ts";
import { sequential } from "../read/decode.ts";

/** bytes read per `text()` call (the next ones are read while one is parsed: TEXT_AHEAD) */
export const TEXT_PIECE = 4 << 20;
/**
 * pieces asked for ahead of the one parsed. More waited less (seed file in Chromium, each
 * reader's time waiting for its pieces: 312-350 ms with one ahead, 119-201 with three) but held
 * more at the end of the read: renderer growth +1.39-1.60x with three against +1.31-1.37x with
 * one, and no faster in quiet minutes (99-108 vs 98-102 MB/s, 3 interleaved runs each). Smaller
 * first pieces (256 KiB, 1 MiB, then 4 MiB) only moved the wait to the first 4 MiB piece.
 */
export const TEXT_AHEAD = 1;
/** characters fed to the core at a time (its own chunk size: young-generation strings) */
const SLICE = 1 << 16;
/** bytes looked at before a piece's end for an ASCII byte to cut after */
const PROBE = 1 << 10;

/** What the reader needs from its caller between slices. */
export interface Pace {
  /** called after each slice (progress); true when queued tasks should run (`breathe`) */
  tick(): boolean;
  /** lets queued tasks run; throws when the read was cancelled */
  breathe(): Promise<void>;
}

interface Piece {
  /** first byte of the piece's own text (the byte before it is read too when `lead` is 1) */
  from: number;
  to: number;
  lead: 0 | 1;
  text: Promise<string>;
}

/**
 * Reads bytes [start, end) of `file` into `core` as text, and returns where it stopped: `end`,
 * or an earlier position right after an ASCII byte when a cut could not be placed (then the
 * rest must be read as bytes). `start` must be 0 or follow an ASCII byte (a part's first byte
 * follows a newline).
 */
export async function readTextRange(
  file: Blob,
  core: IngestCore,
  start: number,
  end: number,
  pace: Pace,
  piece = TEXT_PIECE,
  ahead = TEXT_AHEAD,
): Promise<number> {
  const read = (from: number, lead: 0 | 1): Piece => {
    const to = Math.min(end, from + piece);
    const text = file.slice(from - lead, to).text();
    // a piece read ahead may be dropped unread (see below): its failure is nobody's
    text.catch(() => undefined);
    return { from, to, lead, text };
  };
  let pos = start;
  // the pieces after the one parsed are read meanwhile, each from the last byte of the one
  // before, on the guess that it is ASCII (checked when that piece is parsed)
  let queue: Piece[] = pos < end ? [read(pos, start > 0 ? 1 : 0)] : [];
  for (let cur = queue.shift(); cur; cur = queue.shift()) {
    // `ahead` pieces asked for after this one
    for (
      let last = queue.at(-1) ?? cur;
      last.to < end && queue.length < ahead;
      last = queue.at(-1)!
    )
      queue.push(read(last.to, 1));
    const text = await cur.text;
    let to = cur.to;
    if (cur.lead === 1 && !(text.length > 0 && text.charCodeAt(0) < 0x80)) return pos;
    let stop = text.length;
    if (to < end && !(stop > 0 && text.charCodeAt(stop - 1) < 0x80)) {
      const cut = await asciiCut(file, Math.max(pos, to - PROBE), to);
      if (!cut) return pos;
      stop -= cut.tailChars;
      to = cut.at;
      queue = [read(to, 1)];
    }
    await feed(core, text, cur.lead, stop, to - pos, pace);
    pos = to;
  }
  return pos;
}

/**
 * `text[from, to)` to the core in slices (flat copies: `charCodeAt` reads the string Blink
 * returns more slowly), with its `bytes` spread over them (each slice's exactly for ASCII).
 */
async function feed(
  core: IngestCore,
  text: string,
  from: number,
  to: number,
  bytes: number,
  pace: Pace,
): Promise<void> {
  const chars = to - from;
  let given = 0;
  for (let k = from; k < to; k += SLICE) {
    const stop = Math.min(to, k + SLICE);
    const b =
      stop === to
        ? bytes - given
        : chars === bytes
          ? stop - k
          : Math.floor(((stop - from) * bytes) / chars) - given;
    given += b;
    core.pushDecoded(sequential(text.substring(k, stop)), b);
    if (pace.tick()) await pace.breathe();
  }
}

/**
 * Where to cut bytes [from, to) after their last ASCII byte, and how many characters the bytes
 * after it decode to (they end the piece's text: a decoder is in its initial state after an
 * ASCII byte, so they decode there as on their own); null when there is no ASCII byte.
 */
export async function asciiCut(
  file: Blob,
  from: number,
  to: number,
): Promise<{ at: number; tailChars: number } | null> {
  const b = new Uint8Array(await file.slice(from, to).arrayBuffer());
  let i = b.length - 1;
  while (i >= 0 && b[i]! >= 0x80) i--;
  if (i < 0) return null;
  const tail = b.subarray(i + 1);
  return {
    at: from + i + 1,
    tailChars: new TextDecoder("utf-8", { ignoreBOM: true }).decode(tail).length,
  };
}
