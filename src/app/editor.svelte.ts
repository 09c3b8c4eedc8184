/**
 * State of the protocol editor: a working copy of a protocol document, edited field by field
 * (components bind to `protocol` directly), with structural operations (add, remove, move,
 * duplicate criteria and parameters), problems of the whole document, import and export.
 * Tested without rendering (test/ui/editor).
 */
import type {
  Problem,
  Protocol,
  ProtocolCriterion,
  ProtocolParameter,
} from "../engine/protocol/types.ts";
import { parseProtocolJson } from "../engine/protocol/validate.ts";
import { own, userRecord } from "../engine/user-keys.ts";
import { complete, type CompletionResult } from "../ui/editor/complete.ts";
import {
  cleanProtocol,
  documentProblems,
  nameKinds,
  renameInText,
  ruleProblems,
} from "../ui/editor/rules.ts";

export type Kind = ProtocolCriterion["kind"];

/** A protocol with no criteria or parameters that keeps a data dictionary (variables). */
export function blankProtocol(variables: Protocol["variables"] = []): Protocol {
  return {
    id: "new-protocol",
    title: "New protocol",
    version: "0.1",
    parameters: [],
    variables: structuredClone(variables),
    criteria: [],
  };
}

export class ProtocolEditor {
  protocol: Protocol = $state(blankProtocol());
  /** index of the criterion being edited (-1: none) */
  selected = $state(-1);
  /** problems of the last import that failed (the working copy is unchanged then) */
  importProblems: Problem[] = $state([]);
  /** the criterion removed last, for "Undo" */
  removed: { criterion: ProtocolCriterion; index: number } | null = $state(null);
  /** counts changes since load, so the app can offer to apply them */
  changes = $state(0);

  /** plain, cleaned copy of the working document (what export and apply use) */
  plain: Protocol = $derived.by(() => cleanProtocol($state.snapshot(this.protocol) as Protocol));
  problems: Problem[] = $derived.by(() => documentProblems(this.plain));
  errorCount = $derived(this.problems.filter((p) => p.severity === "error").length);
  names = $derived(nameKinds(this.plain));

  /** site-assessed criteria keep their rule here (by id) so switching back restores it */
  private stash = userRecord<string>();

  constructor(start?: Protocol) {
    if (start) this.load(start);
  }

  load(p: Protocol) {
    this.protocol = structuredClone(p);
    this.selected = p.criteria.length ? 0 : -1;
    this.importProblems = [];
    this.stash = userRecord();
    this.removed = null;
    this.changes = 0;
  }

  /** Shows `p`, unless the editor holds changes not yet applied (those are kept). */
  openFor(p: Protocol) {
    if (this.changes === 0) this.load(p);
  }

  /** A blank document that keeps the current data dictionary. */
  startBlank() {
    this.load(blankProtocol($state.snapshot(this.protocol.variables) as Protocol["variables"]));
  }

  touch() {
    this.changes++;
  }

  /** Problems whose JSON path is `path` or lies under it. */
  problemsAt(path: string): Problem[] {
    return this.problems.filter((p) => p.where === path || p.where.startsWith(`${path}/`));
  }

  /** Problems of criterion `i`'s rule, located in the rule text. */
  ruleProblems(i: number): Problem[] {
    const c = this.protocol.criteria[i];
    if (!c || c.siteAssessed !== undefined) return [];
    return ruleProblems(this.plain, c.rule ?? "", `/criteria/${i}/rule`);
  }

  /** Completion candidates for criterion rule text at a cursor position. */
  completions(text: string, cursor: number, explicit = false): CompletionResult {
    return complete(this.plain, text, cursor, explicit);
  }

  /* ---- criteria ---- */

  /** Adds a criterion after the last one of its kind; returns its index. */
  addCriterion(kind: Kind): number {
    const cs = this.protocol.criteria;
    let at = cs.length;
    for (let k = cs.length - 1; k >= 0; k--)
      if (cs[k]!.kind === kind) {
        at = k + 1;
        break;
      }
    if (at === cs.length && kind === "inclusion") at = cs.findIndex((c) => c.kind === "exclusion");
    if (at < 0) at = cs.length;
    // the number after the highest of its kind: E13 is followed by E14 (E9a, E9b count as 9)
    const prefix = kind === "inclusion" ? "I" : "E";
    const nums = cs.map((c) => new RegExp(`^${prefix}(\\d+)`).exec(c.id)?.[1] ?? "0");
    const n = Math.max(0, ...nums.map(Number)) + 1;
    const id = this.freeId(`${prefix}${n}`, (k) => `${prefix}${n + k + 1}`);
    cs.splice(at, 0, { id, kind, label: "New criterion", text: "", rule: "" });
    this.selected = at;
    this.touch();
    return at;
  }

  removeCriterion(i: number) {
    if (i < 0 || i >= this.protocol.criteria.length) return;
    const [gone] = this.protocol.criteria.splice(i, 1);
    this.removed = { criterion: JSON.parse(JSON.stringify(gone)) as ProtocolCriterion, index: i };
    const n = this.protocol.criteria.length;
    const s = this.selected > i ? this.selected - 1 : this.selected;
    this.selected = Math.min(s, n - 1);
    this.touch();
  }

  /** Puts back the criterion removed last, where it was; returns its index (-1: nothing to undo). */
  undoRemove(): number {
    const r = this.removed;
    if (!r) return -1;
    const at = Math.min(r.index, this.protocol.criteria.length);
    this.protocol.criteria.splice(at, 0, r.criterion);
    this.removed = null;
    this.selected = at;
    this.touch();
    return at;
  }

  /** Moves criterion `i` by `delta` places; returns its new index. */
  moveCriterion(i: number, delta: number): number {
    const j = moveItem(this.protocol.criteria, i, delta);
    if (j === i) return i;
    if (this.selected === i) this.selected = j;
    this.touch();
    return j;
  }

  /** Inserts a copy after `i` with a fresh id; returns its index. */
  duplicateCriterion(i: number): number {
    const c = this.protocol.criteria[i];
    if (!c) return -1;
    const copy = JSON.parse(JSON.stringify(c)) as ProtocolCriterion;
    copy.id = this.freeId(`${c.id}b`, (k) => `${c.id}_${k + 2}`);
    this.protocol.criteria.splice(i + 1, 0, copy);
    this.selected = i + 1;
    this.touch();
    return i + 1;
  }

  /** Site-assessed criteria carry a reason instead of a rule. */
  setSiteAssessed(i: number, on: boolean) {
    const c = this.protocol.criteria[i];
    if (!c || on === (c.siteAssessed !== undefined)) return;
    if (on) {
      this.stash[c.id] = c.rule ?? "";
      c.siteAssessed = "";
      delete c.rule;
    } else {
      c.rule = own(this.stash, c.id) ?? "";
      delete c.siteAssessed;
    }
    this.touch();
  }

  private freeId(first: string, next: (k: number) => string): string {
    const taken = this.protocol.criteria.map((c) => c.id);
    let id = first;
    for (let k = 0; taken.includes(id); k++) id = next(k);
    return id;
  }

  /* ---- parameters ---- */

  addParameter(): number {
    const taken = this.protocol.parameters.map((p) => p.name);
    let name = "new_parameter";
    for (let k = 2; taken.includes(name); k++) name = `new_parameter_${k}`;
    this.protocol.parameters.push({ name, type: "number", default: 0 });
    this.touch();
    return this.protocol.parameters.length - 1;
  }

  /**
   * Renames a parameter and every reference to it in rules and derived expressions. Refused
   * (false) when the new name is not an identifier or is already taken.
   */
  renameParameter(j: number, to: string): boolean {
    const p = this.protocol.parameters[j];
    if (!p || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(to)) return false;
    if (p.name === to) return true;
    const taken = [
      ...this.protocol.parameters.map((x) => x.name),
      ...this.protocol.variables.map((x) => x.name),
      ...(this.protocol.derived ?? []).map((x) => x.name),
    ];
    if (taken.includes(to)) return false;
    const from = p.name;
    p.name = to;
    for (const c of this.protocol.criteria) if (c.rule) c.rule = renameInText(c.rule, from, to);
    for (const d of this.protocol.derived ?? []) d.expr = renameInText(d.expr, from, to);
    this.touch();
    return true;
  }

  removeParameter(j: number) {
    if (j < 0 || j >= this.protocol.parameters.length) return;
    this.protocol.parameters.splice(j, 1);
    this.touch();
  }

  /** Moves parameter `j` by `delta` places; returns its new index. */
  moveParameter(j: number, delta: number): number {
    const k = moveItem(this.protocol.parameters, j, delta);
    if (k !== j) this.touch();
    return k;
  }

  /** Changing the type resets the default to one of the new type (and drops a unit for non-numbers). */
  setParameterType(j: number, type: ProtocolParameter["type"]) {
    const p = this.protocol.parameters[j];
    if (!p || p.type === type) return;
    p.type = type;
    p.default = type === "number" ? 0 : type === "boolean" ? false : "2026-01-01";
    if (type !== "number") {
      delete p.unit;
      delete p.min;
      delete p.max;
      delete p.step;
    }
    this.touch();
  }

  /* ---- import / export ---- */

  /** Protocol JSON of the working copy (cleaned), pretty-printed. */
  exportJson(): string {
    return `${JSON.stringify(this.plain, null, 2)}\n`;
  }

  /**
   * Loads protocol JSON. When it cannot be used, every problem is kept in `importProblems`
   * (with its JSON path) and the working copy is left as it was.
   */
  importJson(text: string, name = "protocol"): boolean {
    const { protocol, problems } = parseProtocolJson(text, name);
    if (!protocol) {
      this.importProblems = problems;
      return false;
    }
    this.load(protocol);
    return true;
  }
}

/** Moves item `i` of `xs` by `delta` places, in place; returns its new index (`i` when it stays). */
function moveItem<T>(xs: T[], i: number, delta: number): number {
  const j = i + delta;
  if (i < 0 || i >= xs.length || j < 0 || j >= xs.length || delta === 0) return i;
  const [x] = xs.splice(i, 1);
  xs.splice(j, 0, x!);
  return j;
}
