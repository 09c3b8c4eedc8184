/** Synthetic lupus-nephritis registry: streaming CSV generator and its mapping document. */
export { DEFAULT_SCREENING_DATE, generateSynthetic, synthColumns } from "./generate.ts";
export type { SynthCsv, SynthOptions } from "./generate.ts";
export { synthMapping } from "./mapping.ts";
export type { SynthMapping, SynthMappingEntry } from "./mapping.ts";
export type { SynthColumn } from "./columns.ts";
export { synthTable } from "./table.ts";
export type { SynthTable } from "./table.ts";
export { synthForProtocol } from "./protocol-synth.ts";
export type { ProtocolSynthCsv, ProtocolSynthOptions } from "./protocol-synth.ts";
