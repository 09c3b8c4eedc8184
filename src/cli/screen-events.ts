/**
 * `prescreen screen --data DIR`: a folder of OMOP CDM tables. The tables the protocol's OMOP
 * profile needs are read, the variables derived as of the screening date (`--param
 * screening_date=YYYY-MM-DD` screens the registry as it was then), then screened as usual.
 */
import { writeFileSync } from "node:fs";
import { compileProtocol, evaluateProtocol } from "../engine/compile-protocol.ts";
import type { Protocol } from "../engine/protocol/types.ts";
import { ResultSet } from "../engine/results/index.ts";
import { STATUS_WORDS, VERDICT_WORDS } from "../engine/types.ts";
import { deriveTable, tablesNeeded, type DeriveResult } from "../events/derive.ts";
import type { SourceProfile } from "../events/profile.ts";
import { readLongFolder, readOmopFolder } from "../events/node.ts";
import { parseProfileJson } from "../events/profile-check.ts";
import { omopProfileOf } from "../protocols/omop-profiles.ts";
import { flag, requireFlag, type ParsedArgs } from "./args.ts";
import { InputError, loadProtocol, loadText, parseParams } from "./load.ts";
import { formatSummary, summaryJson } from "./summary.ts";
import { placeCli } from "../engine/problem-place.ts";
import { formatQuality } from "./quality-events.ts";

export interface EventScreenOutcome {
  protocol: Protocol;
  derived: DeriveResult;
  results: ResultSet;
}

function profileFrom(args: ParsedArgs, protocol: Protocol): SourceProfile {
  const path = flag(args, "profile");
  if (path) {
    const { profile, problems } = parseProfileJson(loadText(path, "profile"), path);
    if (!profile) throw new InputError(`profile ${path} is not valid`, problems);
    return profile;
  }
  const p = omopProfileOf(protocol);
  if (!p)
    throw new InputError(
      `protocol ${protocol.id} has no OMOP profile: add 'sources.omop' to it or give --profile profile.json (docs/protocol-format.md)`,
    );
  return p;
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
}

/** An event folder's derived table, as `--data DIR --protocol P [--profile] [--param]` ask. */
export async function deriveFolder(args: ParsedArgs) {
  const dir = requireFlag(args, "data", "<folder>");
  const protocol = loadProtocol(requireFlag(args, "protocol", "<file.json | builtin-id>"));
  const overrides = parseParams(protocol, args.flags.get("param") ?? []);
  const profile = profileFrom(args, protocol);
  const { data, problems: readProblems } =
    profile.model === "long" && profile.long
      ? await readLongFolder(dir, profile.long)
      : await readOmopFolder(dir, tablesNeeded(profile));
  const fatal = readProblems.filter((p) => p.severity === "error");
  if (fatal.length > 0)
    throw new InputError(
      `cannot screen the ${profile.model === "long" ? "event" : "OMOP"} folder ${dir}`,
      readProblems,
    );
  const derived = deriveTable(protocol, profile, data, overrides);
  const derErrors = derived.problems.filter((p) => p.severity === "error");
  if (derErrors.length > 0)
    throw new InputError(`the OMOP profile does not fit protocol ${protocol.id}`, derived.problems);
  return { dir, protocol, overrides, data, derived, readProblems };
}

export async function screenEvents(
  args: ParsedArgs,
  log: (s: string) => void,
): Promise<EventScreenOutcome> {
  const { dir, protocol, overrides, derived, readProblems } = await deriveFolder(args);
  const { compiled, problems } = compileProtocol(protocol, overrides);
  if (!compiled) throw new InputError(`protocol ${protocol.id} has errors`, problems);
  const { verdicts } = evaluateProtocol(compiled, derived.table);
  const meta = protocol.criteria.map((c) => ({ id: c.id, kind: c.kind, label: c.label }));
  const results = new ResultSet(meta, derived.table.nRows, verdicts);

  const notes = [...readProblems, ...derived.problems];
  for (const w of notes.slice(0, 20)) log(`${w.severity}: ${placeCli(w)}: ${w.message}`);
  if (notes.length > 20) log(`warning: ... and ${notes.length - 20} more`);
  log(formatQuality(derived));
  log(formatSummary(protocol, results, derived.table.nRows));

  const out = flag(args, "out");
  if (out) {
    const ids = derived.persons.ids;
    const status = results.statusArray();
    const lines = [["patient_id", "status", ...protocol.criteria.map((c) => c.id)].join(",")];
    for (let r = 0; r < ids.length; r++)
      lines.push(
        [
          csvField(ids[r]!),
          STATUS_WORDS[status[r]!],
          ...verdicts.map((v) => VERDICT_WORDS[v[r]!]),
        ].join(","),
      );
    writeFileSync(out, lines.join("\n") + "\n");
  }
  const summaryPath = flag(args, "summary");
  if (summaryPath)
    writeFileSync(
      summaryPath,
      JSON.stringify(
        summaryJson(protocol, compiled.params, results, { data: dir, rows: derived.table.nRows }),
        null,
        2,
      ) + "\n",
    );
  const qualityPath = flag(args, "quality");
  if (qualityPath)
    writeFileSync(
      qualityPath,
      JSON.stringify({ ...derived.quality, variables: derived.variables }, null, 2) + "\n",
    );
  return { protocol, derived, results };
}
