import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { generateSynthetic, synthMapping } from "../synth/index.ts";
import { flag, requireFlag, UsageError, type ParsedArgs } from "./args.ts";
import { writeFileSync } from "node:fs";
import { writeSynthOmop } from "../synth/omop/index.ts";

function intFlag(args: ParsedArgs, name: string, fallback?: number): number {
  const text =
    fallback === undefined
      ? requireFlag(args, name, "<N>")
      : (flag(args, name) ?? String(fallback));
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0)
    throw new UsageError(`--${name} needs a whole number ≥ 0, got '${text}'`);
  return n;
}

/** `prescreen synth`: a deterministic synthetic extract, streamed to a file or stdout. */
export async function synth(
  args: ParsedArgs,
  outPath: string | undefined,
  log: (s: string) => void,
): Promise<void> {
  const rows = intFlag(args, "rows");
  const seed = intFlag(args, "seed", 1);
  const wide = flag(args, "wide") === "true";
  if (flag(args, "format") === "omop") {
    if (!outPath) throw new UsageError("--format omop needs --out <folder> (one CSV per table)");
    const r = writeSynthOmop({ rows, seed, out: outPath });
    log(
      `wrote ${rows.toLocaleString("en-US")} synthetic patients (seed ${seed}) as OMOP CDM 5.4 tables to ${outPath}: ${Object.entries(
        r.rows,
      )
        .map(([t, n]) => `${t} ${n.toLocaleString("en-US")}`)
        .join(", ")}`,
    );
    return;
  }
  const gen = generateSynthetic({ rows, seed, wide });
  const stream = outPath ? createWriteStream(outPath) : process.stdout;
  // a reader that stops early (`prescreen synth | head`) closes the pipe: stop quietly
  let closed = false;
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") closed = true;
    else throw e;
  });
  for (const chunk of gen.chunks()) {
    if (closed) return;
    if (!stream.write(chunk)) {
      await new Promise<void>((resolve) => {
        stream.once("drain", resolve);
        stream.once("error", () => resolve());
      });
    }
  }
  if (outPath) {
    stream.end();
    await once(stream, "finish");
    const mappingPath = flag(args, "mapping-out");
    if (mappingPath) writeFileSync(mappingPath, JSON.stringify(synthMapping(wide), null, 2) + "\n");
    log(
      `wrote ${rows.toLocaleString("en-US")} synthetic patients (seed ${seed}${wide ? ", wide" : ""}) to ${outPath}`,
    );
  }
}
