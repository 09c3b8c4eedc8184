/** Row-by-row reference for ResultSet: slow and obvious, used by the property tests. */
import {
  ELIGIBLE,
  FAIL,
  INELIGIBLE,
  NEEDS_REVIEW,
  PASS,
  SITE,
  UNDECIDED,
} from "../../../src/engine/types.ts";

export interface RefInput {
  nRows: number;
  verdicts: Uint8Array[];
  enabled: boolean[];
}

export function refStatus(x: RefInput, r: number): number {
  let fail = false;
  let und = false;
  x.verdicts.forEach((v, i) => {
    if (!x.enabled[i]) return;
    if (v[r] === FAIL) fail = true;
    if (v[r] === UNDECIDED) und = true;
  });
  return fail ? INELIGIBLE : und ? NEEDS_REVIEW : ELIGIBLE;
}

export function refCounts(x: RefInput) {
  const c = [0, 0, 0];
  for (let r = 0; r < x.nRows; r++) c[refStatus(x, r)]!++;
  return { eligible: c[0]!, needsReview: c[1]!, ineligible: c[2]! };
}

function enabledFails(x: RefInput, r: number): number[] {
  return x.verdicts.flatMap((v, i) => (x.enabled[i] && v[r] === FAIL ? [i] : []));
}
function enabledUnds(x: RefInput, r: number): number[] {
  return x.verdicts.flatMap((v, i) => (x.enabled[i] && v[r] === UNDECIDED ? [i] : []));
}

export function refPerCriterion(x: RefInput) {
  return x.verdicts.map((v, i) => {
    const count = (code: number) => v.filter((y) => y === code).length;
    let failingAlone = 0;
    let unknownAlone = 0;
    for (let r = 0; r < x.nRows; r++) {
      const others = enabledFails(x, r).filter((j) => j !== i);
      const otherU = enabledUnds(x, r).filter((j) => j !== i);
      if (v[r] === FAIL && others.length === 0) failingAlone++;
      if (v[r] === UNDECIDED && others.length === 0 && otherU.length === 0) unknownAlone++;
    }
    return {
      failing: count(FAIL),
      unknown: count(UNDECIDED),
      pass: count(PASS),
      site: count(SITE),
      failingAlone,
      unknownAlone,
    };
  });
}

export function refAttrition(x: RefInput, order: number[]) {
  const steps: { remainingLow: number; remainingHigh: number }[] = [];
  const used: number[] = [];
  for (const i of order) {
    if (!x.enabled[i]) continue;
    used.push(i);
    let lo = 0;
    let hi = 0;
    for (let r = 0; r < x.nRows; r++) {
      if (used.every((j) => x.verdicts[j]![r] !== FAIL && x.verdicts[j]![r] !== UNDECIDED)) lo++;
      if (used.every((j) => x.verdicts[j]![r] !== FAIL)) hi++;
    }
    steps.push({ remainingLow: lo, remainingHigh: hi });
  }
  return steps;
}

export function refCombinations(x: RefInput): Map<string, number> {
  const m = new Map<string, number>();
  for (let r = 0; r < x.nRows; r++) {
    const f = enabledFails(x, r);
    if (f.length) m.set(f.join(","), (m.get(f.join(",")) ?? 0) + 1);
  }
  return m;
}
