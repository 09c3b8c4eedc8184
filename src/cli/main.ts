import { readFileSync } from "node:fs";
import type { Problem } from "../engine/protocol/types.ts";
import { parseProtocolJson } from "../engine/protocol/validate.ts";
import { documentProblems } from "../engine/check-document.ts";
import { builtinProtocols } from "../protocols/index.ts";
import { flag, parseArgs, requireFlag, UsageError } from "./args.ts";
import { InputError, loadProtocol } from "./load.ts";
import { explain } from "./explain.ts";
import { report } from "./report.ts";
import { screen } from "./screen.ts";
import { screenEvents } from "./screen-events.ts";
import { isDirectory } from "../events/node.ts";
import { synth } from "./synth.ts";
import { placeCli } from "../engine/problem-place.ts";

const USAGE = `prescreen — screen a registry extract against a trial protocol (nothing leaves this machine)

  prescreen screen --data extract.csv --protocol <file.json | builtin-id> [--mapping mapping.json]
                   [--param name=value ...] [--out results.csv] [--summary summary.json]
                   [--strict]   values the mapping does not understand are an error (exit 1)
                   [--header-row N]   the header is line N (default: found; lines above it
                                      are titles or notes)
                   [--progress | --quiet]   progress on standard error (default: on a terminal)
  prescreen explain --data <extract.csv | folder> --protocol <file.json | builtin-id> --patient ID
                   [--criterion ID] [--mapping mapping.json] [--param name=value ...]
                                               one patient's verdicts, each with its reason
  prescreen screen --data omop-folder/ --protocol <id|file> [--profile omop.json] [--quality q.json]
                   [--param screening_date=YYYY-MM-DD]   OMOP CDM tables (CSV/TSV), as of that date
  prescreen report --data extract.csv --protocol <file.json | builtin-id> [--mapping mapping.json]
                   [--param name=value ...] [--subgroup COLUMN ...] [--threshold N]
                   [--suppression on|off] [--source-name NAME] [--ledger earlier.json ...]
                   [--out report.json]         the shareable aggregate report (as the app's);
                                               --suppression off: the site's copy, not to share;
                                               --ledger: reports of this extract already shared
                                               (audited together: no small difference)
  prescreen protocols                          list built-in protocols
  prescreen variables --protocol <id|file>     the data dictionary as JSON
  prescreen check --protocol file.json         validate a protocol; prints every problem
  prescreen synth --rows N [--seed S] [--wide] --out extract.csv
                                               a synthetic lupus-nephritis registry extract
  prescreen synth --format omop --rows N [--seed S] --out folder/
                                               the same patients as OMOP CDM 5.4 tables
  prescreen synth --protocol ID --rows N [--seed S] --out extract.csv
                                               a synthetic extract for another protocol

Exit codes: 0 done, 1 bad input (problems listed), 2 usage error.`;

function formatProblem(p: Problem): string {
  return `  ${p.severity}: ${placeCli(p)}: ${p.message}`;
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
        // a folder is an OMOP CDM extract (one file per table)
        if (isDirectory(flag(args, "data") ?? "")) await screenEvents(args, out);
        else await screen(args, out, err);
        return 0;
      case "explain":
        await explain(args, out);
        return 0;
      case "report":
        await report(args, out);
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
        // schema and rule problems together (a JSON syntax error stops at itself)
        const syntax = !parsed.protocol && parsed.problems.some((p) => p.where === path);
        const problems = syntax ? parsed.problems : documentProblems(JSON.parse(text));
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
