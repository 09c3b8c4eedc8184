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
}

export interface Relation {
  plus: string[];
  minus: string[];
}

export type Suppression = "primary" | "secondary";

export class Ledger {
  readonly cells = new Map<string, Cell>();
  readonly relations: Relation[] = [];

  /** Record a published cell; returns its id. */
  cell(id: string, value: number): string {
    return this.add(id, value, true);
  }

  /** Record a cell implied by the report but not printed; returns its id. */
  hidden(id: string, value: number): string {
    return this.add(id, value, false);
  }

  /** Record sum(plus) = sum(minus). Throws if the numbers disagree (a bug in the report builder). */
  relate(plus: string[], minus: string[]): void {
    const sum = (ids: string[]) => ids.reduce((s, id) => s + this.get(id).value, 0);
    if (sum(plus) !== sum(minus))
      throw new Error(`report relation does not hold: ${plus.join("+")} = ${minus.join("+")}`);
    this.relations.push({ plus, minus });
  }

  get(id: string): Cell {
    const c = this.cells.get(id);
    if (!c) throw new Error(`unknown report cell: ${id}`);
    return c;
  }

  private add(id: string, value: number, published: boolean): string {
    if (this.cells.has(id)) throw new Error(`duplicate report cell: ${id}`);
    if (!Number.isInteger(value) || value < 0) throw new Error(`invalid count for ${id}: ${value}`);
    this.cells.set(id, { id, value, published });
    return id;
  }
}

/**
 * Primary suppression: every cell (published or hidden) with 1 <= value < threshold.
 * Complementary suppression: while some relation has exactly one suppressed term, suppress
 * its smallest non-zero published term (smallest zero if none), until no relation does.
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
  for (const c of cells) {
    const better =
      !best ||
      (c.value > 0 && (best.value === 0 || c.value < best.value)) ||
      (c.value === 0 && best.value === 0 && c.id < best.id);
    if (better) best = c;
  }
  return best;
}
