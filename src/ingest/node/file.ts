/** Node-only entry: parse a CSV file from disk through the same streaming core. */
import { open, stat } from "node:fs/promises";
import { basename } from "node:path";
import { parseCsvStream } from "../read/parse.ts";
import type { ParseOptions, RawTable } from "../types.ts";

/**
 * Bytes read at a time, into one buffer read into again and again (the core decodes each chunk
 * before asking for the next). A read stream's fresh 1 MiB chunks, and Node's external strings
 * decoded from chunks over ~1 MB, stayed alive until a full GC: tens of MB at the peak.
 */
const CHUNK = 1 << 18;

async function* chunksOf(path: string): AsyncGenerator<Uint8Array> {
  const fh = await open(path, "r");
  // two buffers in turns: the next read runs while the last chunk is parsed
  const bufs = [new Uint8Array(CHUNK), new Uint8Array(CHUNK)] as const;
  let k = 0;
  let pos = 0;
  let next: ReturnType<typeof fh.read> | null = fh.read(bufs[0], 0, CHUNK, 0);
  try {
    while (next) {
      const { bytesRead } = await next;
      next = null;
      if (bytesRead === 0) return;
      const buf = bufs[k]!;
      pos += bytesRead;
      k = 1 - k;
      next = fh.read(bufs[k]!, 0, CHUNK, pos);
      yield bytesRead === buf.length ? buf : buf.subarray(0, bytesRead);
    }
  } finally {
    await next?.catch(() => undefined);
    await fh.close();
  }
}

/** Parses the file at `path` (read in 256 KiB chunks). */
export async function parseCsvFile(path: string, opts: ParseOptions = {}): Promise<RawTable> {
  const { size } = await stat(path);
  return parseCsvStream(chunksOf(path), { name: basename(path), totalBytes: size, ...opts });
}
