import { readFileSync } from "node:fs";
import type { Problem } from "../engine/protocol/types.ts";
import { parseProtocolJson } from "../engine/protocol/validate.ts";
import { compileProtocol } from "../engine/compile-protocol.ts";
import { builtinProtocols } from "../protocols/index.ts";
import { flag, parseArgs, requireFlag, UsageError } from "./args.ts";
import { InputError, loadProtocol } from "./load.ts";
import { screen } from "./screen.ts";
import { synth } from "./synth.ts";

const USAGE = `prescreen — screen a registry extract against a trial protocol (nothing leaves this machine)

  prescreen screen --data extract.csv --protocol <file.json | builtin-id> [--mapping mapping.json]
                   [--param name=value ...] [--out results.csv] [--summary summary.json]
                   [--header-row N]   the header is line N (default: found; lines above it
                                      are titles or notes)
                   [--progress | --quiet]   progress on standard error (default: on a terminal)
  prescreen protocols                          list built-in protocols
  prescreen variables --protocol <id|file>     the data dictionary as JSON
  prescreen check --protocol file.json         validate a protocol; prints every problem
  prescreen synth --rows N [--seed S] [--wide] --out extract.csv
                                               a synthetic lupus-nephritis registry extract

Exit codes: 0 done, 1 bad input (problems listed), 2 usage error.`;

function formatProblem(p: Problem): string {
  const at =
    p.line !== undefined ? `:${p.line}${p.column !== undefined ? `:${p.column}` : ""}` : "";
  return `  ${p.severity}: ${p.where}${at}: ${p.message}`;
}

/** Runs the command line; returns the exit code. Never throws for bad input. */
export async function main(
  argv: readonly string[],
  out = console.log,
  err = console.error,
): Promise<number> {
  try {
    const args = parseArgs(argv);
    if (!args.command || args.flags.has("help") || args.command === "help") {
      out(USAGE);
      return args.command ? 0 : 2;
    }
    switch (args.command) {
      case "screen":
        // (warnings and notes on standard error: standard output is the summary)
        await screen(args, out, err);
        return 0;
      case "protocols":
        for (const p of builtinProtocols)
          out(
            `${p.id.padEnd(16)} v${p.version.padEnd(6)} ${p.criteria.length} criteria  ${p.title}`,
          );
        return 0;
      case "variables": {
        const p = loadProtocol(requireFlag(args, "protocol", "<id|file>"));
        out(
          JSON.stringify(
            {
              protocol: p.id,
              idVariable: p.idVariable ?? "patient_id",
              variables: p.variables,
              parameters: p.parameters,
            },
            null,
            2,
          ),
        );
        return 0;
      }
      case "check": {
        const path = requireFlag(args, "protocol", "<file.json>");
        let text: string;
        try {
          text = readFileSync(path, "utf8");
        } catch {
          throw new InputError(`cannot read protocol '${path}'`);
        }
        const parsed = parseProtocolJson(text, path);
        const problems = parsed.protocol
          ? compileProtocol(parsed.protocol).problems
          : parsed.problems;
        if (problems.length === 0) {
          out(`${path}: ok (${parsed.protocol!.criteria.length} criteria)`);
          return 0;
        }
        const errors = problems.filter((p) => p.severity === "error").length;
        err(`${path}: ${errors} error(s), ${problems.length - errors} warning(s)`);
        for (const p of problems) err(formatProblem(p));
        return errors > 0 ? 1 : 0;
      }
      case "synth":
        await synth(args, flag(args, "out"), out);
        return 0;
      default:
        throw new UsageError(`unknown command '${args.command}'`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`prescreen: ${e.message}\n\n${USAGE}`);
      return 2;
    }
    if (e instanceof InputError) {
      err(`prescreen: ${e.message}`);
      for (const p of e.problems) err(formatProblem(p));
      return 1;
    }
    if (e instanceof Error && (e as NodeJS.ErrnoException).code === "ENOENT") {
      err(`prescreen: ${e.message}`);
      return 1;
    }
    err(
      `prescreen: internal error: ${e instanceof Error ? e.message : String(e)} (please report it)`,
    );
    return 70;
  }
}
