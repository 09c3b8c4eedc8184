/**
 * Built-in protocols: the seed trial, a heart-failure and a rheumatoid-arthritis trial, and the
 * small type-2 diabetes example. Importing this
 * module also registers the clinical functions the seed's rules call.
 *
 * @example
 * getBuiltin("ln-cd19-cd70")?.criteria.length // 33
 */
import type { Protocol } from "../engine/protocol/types.ts";
import dapaHf from "./dapa-hf.json";
import exampleT2d from "./example-t2d.json";
import raMtxIr from "./ra-mtx-ir.json";
import seed from "./ln-cd19-cd70.json";
import { eventProtocols } from "./omop-profiles.ts";

export const SEED_PROTOCOL_ID = "ln-cd19-cd70";

/** The seed trial first, then the other real trials, then the small example. */
export const builtinProtocols: Protocol[] = [
  seed as Protocol,
  dapaHf as unknown as Protocol,
  raMtxIr as unknown as Protocol,
  exampleT2d as Protocol,
];

/** The built-in protocol with this id, or undefined. */
export function getBuiltin(id: string): Protocol | undefined {
  return builtinProtocols.find((p) => p.id === id) ?? eventProtocols.find((p) => p.id === id);
}
