/**
 * Protocols written for event data (OMOP CDM), and the OMOP source profiles of protocols kept in
 * files of their own (`<protocol-id>.omop.json`, beside the protocol they feed).
 */
import type { Protocol } from "../engine/protocol/types.ts";
import type { SourceProfile } from "../events/profile.ts";
import exampleOmopHtn from "./example-omop-htn.json";
import seedOmop from "./ln-cd19-cd70.omop.json";

/** Built-in protocols whose variables come from event tables (found by id, not listed for flat extracts). */
export const eventProtocols: Protocol[] = [exampleOmopHtn as Protocol];

const SEPARATE: Record<string, SourceProfile> = {
  "ln-cd19-cd70": seedOmop as SourceProfile,
};

/** The protocol's OMOP profile: its own `sources.omop`, else a built-in separate profile. */
export function omopProfileOf(protocol: Protocol): SourceProfile | undefined {
  return protocol.sources?.omop ?? SEPARATE[protocol.id];
}
