export * from "./bitset.ts";
export { RESULT_STEPS, ResultSet, type ResultStep } from "./result-set.ts";
export type * from "./types.ts";
export { Baseline, type BaselineCriterion, type BaselineGroup } from "./baseline.ts";
