export * from "./bitset.ts";
export { ResultSet } from "./result-set.ts";
export type * from "./types.ts";
