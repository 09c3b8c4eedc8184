/**
 * `prescreen explain --data DIR`: one patient of an event folder (OMOP, or long tables with
 * --profile), each verdict's reason as for a flat extract, then the event each value it read
 * was picked from ("from creatinine 1.3 mg/dL on 2021-04-19 (LOINC 38483-4)").
 */
import { compileProtocol, evaluateProtocol } from "../engine/compile-protocol.ts";
import { explainRow } from "../engine/explain.ts";
import { VERDICT_WORDS } from "../engine/types.ts";
import { readVocabulary } from "../events/concept-sets.ts";
import { criterionReads, criterionSources, eventSources } from "../events/sources.ts";
import { flag, requireFlag, type ParsedArgs } from "./args.ts";
import { InputError } from "./load.ts";
import { deriveFolder } from "./screen-events.ts";

export async function explainEvents(args: ParsedArgs, log: (s: string) => void): Promise<void> {
  const patient = requireFlag(args, "patient", "<patient id>");
  const only = flag(args, "criterion");
  const { dir, protocol, overrides, data, derived } = await deriveFolder(args);
  const row = derived.persons.ids.indexOf(patient);
  if (row < 0)
    throw new InputError(
      `patient '${patient}' is not in ${dir} (PERSON's person_source_value, else person_id)`,
    );
  const { compiled, problems } = compileProtocol(protocol, overrides);
  if (!compiled) throw new InputError(`protocol ${protocol.id} has errors`, problems);
  const { verdicts } = evaluateProtocol(compiled, derived.table);
  const sources = eventSources(protocol, derived, data, readVocabulary(data.tables.concept));
  const reads = criterionReads(protocol);
  log(`patient ${patient} (${dir}, as of ${derived.quality.screeningDate})`);
  protocol.criteria.forEach((c, k) => {
    if (only && c.id !== only) return;
    const word = VERDICT_WORDS[verdicts[k]![row]!]!;
    log(`${c.id.padEnd(5)} ${word.padEnd(14)} ${explainRow(compiled, derived.table, k, row)}`);
    for (const t of criterionSources(sources, reads[k] ?? [], row))
      log(`${"".padEnd(20)} from ${t}`);
  });
}
