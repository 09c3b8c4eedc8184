/**
 * How deeply a parsed JSON value nests, counted without recursion (a file nested 10,000 deep
 * would overflow the stack of any recursive validator), stopping once past `limit`.
 */
export function jsonDepthExceeds(value: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== "object") continue;
    if (depth > limit) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) stack.push([child, depth + 1]);
  }
  return false;
}

/** Protocol, mapping and scenario documents nest a few levels; beyond this one is not one. */
export const MAX_JSON_DEPTH = 64;
