/**
 * `prescreen explain`: one patient's verdicts with the reason for each, in the words and units
 * the grid's tooltips use (values in the unit each column was mapped from).
 *
 * @example
 * prescreen explain --data extract.csv --protocol ln-cd19-cd70 --patient P0042
 * // I4   pass           UPCR 2.1 g/g ≥ 1 g/g
 */
import { compileProtocol, evaluateProtocol } from "../engine/compile-protocol.ts";
import { explainRow } from "../engine/explain.ts";
import { VERDICT_WORDS } from "../engine/types.ts";
import { applyMapping, autoMap } from "../ingest/map/mapping.ts";
import { parseCsvFileParallel } from "../ingest/node/parallel.ts";
import { lineOfRow } from "../ingest/read/lines.ts";
import { flag, requireFlag, type ParsedArgs } from "./args.ts";
import { InputError, loadMapping, loadProtocol, parseParams } from "./load.ts";
import { cellText } from "./screen.ts";
import { isDirectory } from "../events/node.ts";
import { explainEvents } from "./explain-events.ts";
import { own } from "../engine/user-keys.ts";

export async function explain(args: ParsedArgs, log: (s: string) => void): Promise<void> {
  const dataPath = requireFlag(args, "data", "<extract.csv>");
  if (isDirectory(dataPath)) return explainEvents(args, log);
  const protocol = loadProtocol(requireFlag(args, "protocol", "<file.json | builtin-id>"));
  const patient = requireFlag(args, "patient", "<patient id>");
  const only = flag(args, "criterion");
  const overrides = parseParams(protocol, args.flags.get("param") ?? []);
  const raw = await parseCsvFileParallel(dataPath, { name: dataPath });
  if (raw.nRows === 0 && raw.problems.some((p) => p.severity === "error"))
    throw new InputError(`cannot read ${dataPath}`, raw.problems);
  const mappingPath = flag(args, "mapping");
  // checked as `screen --mapping` checks it: a file of the wrong shape is listed, not thrown
  const mapping = mappingPath ? loadMapping(mappingPath) : autoMap(protocol, raw).mapping;
  const idVar = protocol.idVariable ?? "patient_id";
  const idName = own(mapping.columns, idVar)?.column;
  const idCol = raw.columns.find((c) => c.name === idName);
  if (!idCol)
    throw new InputError(`${dataPath} has no patient id column (${idVar}) to find ${patient} in`);
  let row = -1;
  for (let r = 0; r < raw.nRows && row < 0; r++)
    if (cellText(idCol.storage, r) === patient) row = r;
  if (row < 0)
    throw new InputError(`patient '${patient}' is not in ${dataPath} (column ${idName})`);

  const applied = applyMapping(protocol, raw, mapping);
  const errors = applied.problems.filter((p) => p.severity === "error");
  if (errors.length > 0) throw new InputError(`the mapping does not fit ${dataPath}`, errors);
  const { compiled, problems } = compileProtocol(protocol, overrides);
  if (!compiled) throw new InputError(`protocol ${protocol.id} has errors`, problems);
  const { verdicts } = evaluateProtocol(compiled, applied.table);
  const units = Object.fromEntries(
    Object.entries(mapping.columns).flatMap(([v, m]) => (m.unit ? [[v, m.unit] as const] : [])),
  );
  log(`${idName} ${patient} (line ${lineOfRow(raw.rowLines, row)} of ${dataPath})`);
  protocol.criteria.forEach((c, k) => {
    if (only && c.id !== only) return;
    const word = VERDICT_WORDS[verdicts[k]![row]!]!;
    log(
      `${c.id.padEnd(5)} ${word.padEnd(14)} ${explainRow(compiled, applied.table, k, row, { units })}`,
    );
  });
}
