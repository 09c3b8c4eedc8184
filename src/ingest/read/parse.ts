/**
 * Streaming CSV parse into a RawTable: one core (core.ts) fed from a Node stream, a web
 * ReadableStream (a File in a worker), or a string. Progress at least every 200 ms,
 * cancellation through an AbortSignal.
 *
 * @example
 * const table = await parseCsvStream(file.stream(), { totalBytes: file.size, onProgress });
 */
import { IngestCore } from "./core.ts";
import { memoryProblem } from "./budget.ts";
import type { ParseOptions, RawTable } from "../types.ts";

const PROGRESS_MS = 100;
const YIELD_MS = 50;
/** Bytes handed to the core at a time (bigger source chunks are split so progress stays fresh). */
const SLICE = 1 << 20;

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("the load was cancelled", "AbortError");
}

async function* iterate(
  source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  if (Symbol.asyncIterator in source) {
    yield* source as AsyncIterable<Uint8Array>;
    return;
  }
  const reader = (source as ReadableStream<Uint8Array>).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    reader.releaseLock();
  }
}

/** Parses a byte stream (chunks of any size) into typed columns. Rejects only with an AbortError. */
export async function parseCsvStream(
  source: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>,
  opts: ParseOptions = {},
): Promise<RawTable> {
  const core = new IngestCore(opts);
  if (opts.totalBytes !== undefined) {
    const p = memoryProblem(opts.totalBytes, opts.memoryBudget, opts.name ?? "file");
    if (p) return { ...core.finish(), problems: [p] };
  }
  const signal = opts.signal;
  let last = 0;
  let yielded = performance.now();
  const progress = (force: boolean): void => {
    if (!opts.onProgress) return;
    const now = performance.now();
    if (!force && now - last < PROGRESS_MS) return;
    last = now;
    opts.onProgress({ bytes: core.bytes, rows: core.rows, totalBytes: opts.totalBytes });
  };
  progress(true);
  try {
    for await (const chunk of iterate(source)) {
      for (let k = 0; k < chunk.length; k += SLICE) {
        if (signal?.aborted) throw abortError(signal);
        core.pushBytes(k === 0 && chunk.length <= SLICE ? chunk : chunk.subarray(k, k + SLICE));
        progress(false);
        // let the event loop run now and then (a cancel message must get through in a worker)
        if (performance.now() - yielded > YIELD_MS) {
          await new Promise((r) => setTimeout(r, 0));
          yielded = performance.now();
        }
      }
    }
  } catch (e) {
    if (signal?.aborted) throw abortError(signal);
    // a read error (file changed, permission) is reported like any other bad file
    core.fail(`the file could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (signal?.aborted) throw abortError(signal);
  const table = core.finish();
  progress(true);
  return table;
}

/** Parses CSV text (for tests and pasted data). */
export function parseCsvText(text: string, opts: ParseOptions = {}): RawTable {
  const core = new IngestCore(opts);
  core.pushBytes(new TextEncoder().encode(text));
  return core.finish();
}

/** Parses bytes held in memory. */
export function parseCsvBytes(bytes: Uint8Array, opts: ParseOptions = {}): RawTable {
  const core = new IngestCore(opts);
  for (let k = 0; k < bytes.length; k += SLICE) core.pushBytes(bytes.subarray(k, k + SLICE));
  return core.finish();
}
