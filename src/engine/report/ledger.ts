/**
 * The numbers of a report as a ledger of cells and the linear relations between them
 * (sum of `plus` = sum of `minus`), so small-cell suppression can reason about what an
 * attacker could recover from published numbers by one addition or subtraction.
 * A hidden cell is implied by the report (a difference of published numbers) but not printed.
 */
export interface Cell {
  id: string;
  value: number;
  published: boolean;
  /** how much readers need this number: secondary suppression takes low priorities first */
  priority: number;
}

export interface Relation {
  plus: string[];
  minus: string[];
}

export type Suppression = "primary" | "secondary";

export class Ledger {
  readonly cells = new Map<string, Cell>();
  readonly relations: Relation[] = [];
  /** inequalities sum(plus) <= sum(minus) a reader can also use (counts within counts) */
  readonly bounds: Relation[] = [];

  /** Record a published cell; returns its id. */
  cell(id: string, value: number, priority = 0): string {
    return this.add(id, value, true, priority);
  }

  /** Record a cell implied by the report but not printed; returns its id. */
  hidden(id: string, value: number): string {
    return this.add(id, value, false, 0);
  }

  /** Record sum(plus) = sum(minus). Throws if the numbers disagree (a bug in the report builder). */
  relate(plus: string[], minus: string[]): void {
    const sum = (ids: string[]) => ids.reduce((s, id) => s + this.get(id).value, 0);
    if (sum(plus) !== sum(minus))
      throw new Error(`report relation does not hold: ${plus.join("+")} = ${minus.join("+")}`);
    this.relations.push({ plus, minus });
  }

  /** Record sum(lesser) <= sum(greater). Throws if the numbers disagree. */
  bound(lesser: string[], greater: string[]): void {
    const sum = (ids: string[]) => ids.reduce((s, id) => s + this.get(id).value, 0);
    if (sum(lesser) > sum(greater))
      throw new Error(`report bound does not hold: ${lesser.join("+")} <= ${greater.join("+")}`);
    this.bounds.push({ plus: lesser, minus: greater });
  }

  get(id: string): Cell {
    const c = this.cells.get(id);
    if (!c) throw new Error(`unknown report cell: ${id}`);
    return c;
  }

  private add(id: string, value: number, published: boolean, priority: number): string {
    if (this.cells.has(id)) throw new Error(`duplicate report cell: ${id}`);
    if (!Number.isInteger(value) || value < 0) throw new Error(`invalid count for ${id}: ${value}`);
    this.cells.set(id, { id, value, published, priority });
    return id;
  }
}

/**
 * Primary suppression: every cell (published or hidden) with 1 <= value < threshold.
 * Complementary suppression: while some relation has exactly one suppressed term, suppress one
 * more published term of it: the lowest priority first (so headline numbers survive), then a
 * non-zero before a zero (a zero may be known to be zero), then the smallest; until no relation
 * has exactly one.
 * Hidden cells that are not small are treated as known (conservative: they may be derivable).
 * Guarantee: no suppressed cell is the only unknown of any single relation. Combining several
 * relations (a linear system) can still narrow values down; see docs/report-schema.md.
 *
 * @example
 * const l = new Ledger();
 * l.cell("a", 5); l.cell("b", 100); l.cell("t", 105); l.relate(["a", "b"], ["t"]);
 * suppress(l, 11); // Map { "a" => "primary", "b" => "secondary" }
 */
export function suppress(ledger: Ledger, threshold: number): Map<string, Suppression> {
  const out = new Map<string, Suppression>();
  for (const c of ledger.cells.values())
    if (c.value >= 1 && c.value < threshold) out.set(c.id, "primary");
  const ids = ledger.relations.map((r) => [...r.plus, ...r.minus]);
  let changed = out.size > 0;
  while (changed) {
    changed = false;
    for (const terms of ids) {
      let unknown = 0;
      for (const id of terms) if (out.has(id)) unknown++;
      if (unknown !== 1) continue;
      const pick = smallest(
        terms.map((id) => ledger.get(id)).filter((c) => c.published && !out.has(c.id)),
      );
      if (pick) {
        out.set(pick.id, "secondary");
        changed = true;
      }
    }
  }
  return out;
}

function smallest(cells: Cell[]): Cell | undefined {
  let best: Cell | undefined;
  for (const c of cells) if (!best || rank(c, best) < 0) best = c;
  return best;
}

/** the order complementary suppression hides cells in: least needed, then non-zero, then smallest */
export function rank(
  a: Pick<Cell, "id" | "value" | "priority">,
  b: Pick<Cell, "id" | "value" | "priority">,
): number {
  return (
    a.priority - b.priority ||
    Number(a.value === 0) - Number(b.value === 0) ||
    a.value - b.value ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}
