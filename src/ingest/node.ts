/** Node-only entry: parse a CSV file from disk through the same streaming core. */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { parseCsvStream } from "./parse";
import type { ParseOptions, RawTable } from "./types";

/** Parses the file at `path` (streamed in 1 MiB chunks). */
export async function parseCsvFile(path: string, opts: ParseOptions = {}): Promise<RawTable> {
  const { size } = await stat(path);
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    return await parseCsvStream(stream, { name: basename(path), totalBytes: size, ...opts });
  } finally {
    stream.destroy();
  }
}
