/**
 * The ScreenEngine on the page thread, over compile-protocol. The pool engine (engine-pool.ts)
 * keeps one for explanations of single cells and falls back to it when its workers cannot
 * start; where there is no Worker at all (services.ts) it is the engine.
 */
import {
  compileProtocol,
  recompileForParams,
  truthToVerdict,
  type CompiledProtocol,
} from "../engine/compile-protocol.ts";
import { explainRow } from "../engine/explain.ts";
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import { VERDICT_WORDS, type Table } from "../engine/types.ts";
import { formatStored } from "./cell-edit.ts";
import type { Overrides, ScreenEngine } from "./engine-api.ts";
import { own } from "../engine/user-keys.ts";

export function createLiveEngine(): ScreenEngine {
  let base: CompiledProtocol | undefined;
  let table: Table = { nRows: 0, columns: {} };
  let last: { key: string; cp?: CompiledProtocol; problems: Problem[] } | undefined;

  function compiledFor(overrides: Overrides): { cp?: CompiledProtocol; problems: Problem[] } {
    if (!base) return { problems: [] };
    const key = JSON.stringify(Object.entries(overrides).sort());
    if (last?.key === key) return last;
    const r = recompileForParams(base, overrides);
    last = { key, problems: r.problems, ...(r.compiled ? { cp: r.compiled } : {}) };
    return last;
  }

  return {
    async load(protocol: Protocol, t: Table, overrides: Overrides) {
      table = t;
      last = undefined;
      const r = compileProtocol(protocol, {});
      base = r.compiled;
      if (!base) return { ok: false, problems: r.problems };
      const o = compiledFor(overrides);
      return { ok: true, problems: [...r.problems, ...o.problems] };
    },
    affected(name: string) {
      return (base?.criteria ?? []).flatMap((c, k) => (c.parameters.includes(name) ? [k] : []));
    },
    async evaluate(overrides, criteria, start = 0, end = table.nRows) {
      const { cp, problems } = compiledFor(overrides);
      if (!cp) return { verdicts: [], problems };
      const n = Math.max(0, end - start);
      const truth = new Uint8Array(n);
      const verdicts = criteria.map((k) => {
        const c = cp.criteria[k]!;
        const v = new Uint8Array(n);
        c.evaluate(table, start, end, truth);
        truthToVerdict(c.kind, c.siteAssessed, truth, v);
        return v;
      });
      return { verdicts, problems };
    },
    explain(k, row, overrides, units) {
      const cp = compiledFor(overrides).cp ?? base;
      const c = cp?.criteria[k];
      if (!cp || !c) return "";
      const crit = cp.protocol.criteria[k];
      try {
        const text = explainRow(cp, table, k, row, units ? { units } : {});
        if (text) return text;
      } catch {
        // fall back to listing the values the rule reads
      }
      if (c.siteAssessed)
        return `site-assessed: ${crit?.siteAssessed ?? "not decidable from registry data"}`;
      const truth = new Uint8Array(1);
      const v = new Uint8Array(1);
      c.evaluate(table, row, row + 1, truth);
      truthToVerdict(c.kind, c.siteAssessed, truth, v);
      const values = c.variables.map((name) => {
        const col = own(table.columns, name);
        const unit = cp.protocol.variables.find((x) => x.name === name)?.unit;
        const text = col ? formatStored(col, row) : "";
        return `${name} = ${text === "" ? "missing" : text}${text && unit && unit !== "1" ? ` ${unit}` : ""}`;
      });
      const params = c.parameters.map((p) => `${p} = ${String(cp.params[p])}`);
      return [
        `${VERDICT_WORDS[v[0] as 0 | 1 | 2 | 3]}`,
        values.join("; "),
        params.length ? `with ${params.join(", ")}` : "",
        crit?.rule ? `rule: ${crit.rule}` : "",
      ]
        .filter(Boolean)
        .join(" — ");
    },
  };
}
