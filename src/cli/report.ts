/**
 * `prescreen report`: the aggregate report the app exports (same builder, same audit), from the
 * command line. `--suppression off` writes the site's own unsuppressed copy, marked as such.
 */
import { readFileSync, writeFileSync } from "node:fs";
import {
  buildReport,
  checkThreshold,
  DEFAULT_THRESHOLD,
  extractFingerprint,
  loadSolver,
  ReportError,
} from "../engine/report/index.ts";
import type { CategoryColumn } from "../engine/types.ts";
import { flag, UsageError, type ParsedArgs } from "./args.ts";
import { InputError } from "./load.ts";
import { readReportFile } from "../engine/report/report-file.ts";
import { screen } from "./screen.ts";
import { own } from "../engine/user-keys.ts";

export async function report(args: ParsedArgs, log: (s: string) => void): Promise<void> {
  const checked = checkThreshold(flag(args, "threshold") ?? DEFAULT_THRESHOLD);
  if (checked.error !== undefined) throw new UsageError(`--threshold: ${checked.error}`);
  const mode = flag(args, "suppression") ?? "on";
  if (mode !== "on" && mode !== "off")
    throw new UsageError(`--suppression must be on or off (got '${mode}')`);
  const out = flag(args, "out");
  // the screen's own --out (per-patient CSV) and --summary are not written by `report`
  const flags = new Map(args.flags);
  flags.delete("out");
  flags.delete("summary");
  if (!flags.has("progress")) flags.set("quiet", ["true"]);
  const [solver, run] = await Promise.all([
    mode === "on" ? loadSolver() : undefined,
    screen({ ...args, flags }, () => {}),
  ]);
  const names = args.flags.get("subgroup") ?? [];
  const subgroups = names.map((name) => {
    const col =
      own(run.table.columns, name) ?? run.raw.columns.find((c) => c.name === name)?.storage;
    if (!col) throw new InputError(`--subgroup ${name}: no such column or variable`);
    if (col.kind !== "category")
      throw new InputError(`--subgroup ${name}: a ${col.kind} column, not a category`);
    return { name, codes: (col as CategoryColumn).codes, dict: (col as CategoryColumn).dict };
  });
  const idVar = run.protocol.idVariable ?? "patient_id";
  const sourceName = flag(args, "source-name");
  const fingerprint = extractFingerprint(run.table);
  // --ledger FILE (repeatable): reports of this extract already shared; audited together
  const earlier = (args.flags.get("ledger") ?? []).map((file) => {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new InputError(`--ledger ${file}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const r = readReportFile(file, text, {
      protocolId: run.protocol.id,
      rows: run.table.nRows,
      fingerprint,
    });
    if (r.problems)
      throw new InputError(
        r.problems.length === 1
          ? `--ledger ${r.problems[0]!.where}: ${r.problems[0]!.message}`
          : `--ledger ${file}: not a report this run can be audited with`,
        r.problems.length === 1 ? [] : r.problems,
      );
    return r.record;
  });
  let doc;
  try {
    doc = buildReport(
      run.results,
      {
        protocol: { id: run.protocol.id, title: run.protocol.title, version: run.protocol.version },
        // every value the counts were made with, not only the changed ones
        parameters: Object.fromEntries(
          run.protocol.parameters.map((p) => [p.name, own(run.overrides, p.name) ?? p.default]),
        ),
        date: new Date().toISOString().slice(0, 10),
        source: { ...(sourceName !== undefined ? { name: sourceName } : {}), fingerprint },
      },
      {
        threshold: checked.threshold,
        suppression: mode === "on",
        ...(solver ? { solver } : {}),
        // the id column as mapped (a variable) and as read (its header): neither is a subgroup
        idColumn: subgroups.some((g) => g.name === run.idColumn) ? run.idColumn : idVar,
        subgroups,
        earlier,
      },
    );
  } catch (e) {
    if (e instanceof ReportError) throw new InputError(e.message);
    throw e;
  }
  const text = JSON.stringify(doc, null, 2) + "\n";
  if (out) writeFileSync(out, text);
  else log(text.trimEnd());
  if (doc.notForSharing) console.error(`prescreen: ${doc.notForSharing}`);
  for (const r of doc.subgroupsRefused)
    console.error(`prescreen: subgroup ${r.name} not published: ${r.reason}`);
}
