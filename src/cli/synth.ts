import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { generateSynthetic, synthForProtocol, synthMapping } from "../synth/index.ts";
import { SEED_PROTOCOL_ID } from "../protocols/index.ts";
import { loadProtocol } from "./load.ts";
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
  // the seed trial has its own registry generator; any other protocol is drawn from its dictionary
  const protocolArg = flag(args, "protocol");
  const other =
    protocolArg !== undefined && protocolArg !== SEED_PROTOCOL_ID
      ? loadProtocol(protocolArg)
      : null;
  if (other && wide) throw new UsageError("--wide is for the seed protocol's extract only");
  const gen = other
    ? synthForProtocol(other, { rows, seed })
    : generateSynthetic({ rows, seed, wide });
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
    if (mappingPath && other)
      throw new UsageError(
        "--mapping-out is for the seed protocol's extract (other extracts map by name)",
      );
    if (mappingPath) writeFileSync(mappingPath, JSON.stringify(synthMapping(wide), null, 2) + "\n");
    log(
      `wrote ${rows.toLocaleString("en-US")} synthetic patients (${other ? `${other.id}, ` : ""}seed ${seed}${wide ? ", wide" : ""}) to ${outPath}`,
    );
  }
}
