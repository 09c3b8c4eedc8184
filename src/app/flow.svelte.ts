/**
 * The app's steps: start -> loading -> mapping -> screen, with an error state that says what
 * went wrong and where. Services (ingest worker, synth, engine) are injected, so the flow is
 * tested without a browser.
 */
import type { Problem, Protocol } from "../engine/protocol/types.ts";
import type { MappedResult } from "../ingest/browser/ingest-api.ts";
import { keepRows } from "./keep-rows.ts";
import type { RawSummary } from "../ingest/quality/raw-summary.ts";
import type { ScreenEngine } from "./engine-api.ts";
import { parseScenario } from "./exports.ts";
import { qualityRows, type MappingChoice, type QualityRow } from "./mapping-model.ts";
import { mappingFromJson } from "./mapping-file.ts";
import { GridView } from "./grid-view.svelte.ts";
import { notNeededFor, type NotNeeded } from "./needed.ts";
import { ScreenState } from "./screen.svelte.ts";
import { userRecord } from "../engine/user-keys.ts";

export interface Progress {
  rows: number;
  bytes: number;
  totalBytes?: number;
}

export interface Services {
  protocols: readonly Protocol[];
  /** synthetic extract as CSV (deterministic), built in chunks */
  demoCsv(rows: number, onProgress: (rowsDone: number) => void, signal: AbortSignal): Promise<Blob>;
  /**
   * Reads a file; the row data stays with the service (the ingest worker), the page gets the
   * summary. A new parse replaces the table read before.
   */
  parse(
    file: Blob,
    name: string,
    onProgress: (p: Progress) => void,
    signal: AbortSignal,
    /** the header's physical line (1-based) when the analyst chose it; default detected */
    opts?: { headerRow?: number },
  ): Promise<RawSummary>;
  /** Auto-maps the last parsed table to the protocol's variables. */
  autoMap(protocol: Protocol): Promise<MappingChoice[]>;
  /**
   * Applies the choices to the last parsed table: problems and quality, plus the mapped table
   * when `withTable` (a preview without it).
   */
  apply(
    protocol: Protocol,
    choices: readonly MappingChoice[],
    withTable: boolean,
    /** what is being done, while the table is made ("mapping 40 of 132 variables") */
    onProgress?: (step: string) => void,
  ): Promise<MappedResult>;
  /** Frees the parsed table (optional). */
  release?(): void;
  /** validates a protocol JSON text */
  loadProtocol(text: string, name: string): { protocol?: Protocol; problems: Problem[] };
  engine(): ScreenEngine;
}

export type Phase = "start" | "loading" | "mapping" | "screen" | "error";

export interface ErrorState {
  title: string;
  problems: Problem[];
  back: Phase;
}

export class Flow {
  phase: Phase = $state("start");
  protocolId = $state("");
  customProtocols: Protocol[] = $state.raw([]);
  fileName = $state("");
  progress: Progress = $state({ rows: 0, bytes: 0 });
  startedAt = $state(0);
  now = $state(0);
  /** the loaded file's summary (header, counters); its row data stays in the ingest worker */
  raw: RawSummary | null = $state.raw(null);
  choices: MappingChoice[] = $state([]);
  notices: Problem[] = $state([]);
  error: ErrorState | null = $state(null);
  demoRows = $state(5000);
  screen: ScreenState;
  view: GridView;
  /** the file being screened (read again only when the analyst picks another header line) */
  private file: Blob | null = null;
  /** the header line the analyst chose (undefined: the reader's) */
  headerRow: number | undefined = $state(undefined);
  /** the mapping step was opened again from the screen: the screen is still there */
  screenKept = $state(false);
  /** a question asked in the page (Start again? …), answered by `answer` */
  question: { text: string; yes: string; resolve: (ok: boolean) => void } | null = $state(null);
  private abort: AbortController | null = null;

  constructor(private services: Services) {
    this.protocolId = services.protocols[0]?.id ?? "";
    this.screen = new ScreenState(services.engine());
    this.view = new GridView(this.screen);
  }

  allProtocols = $derived.by(() => [...this.services.protocols, ...this.customProtocols]);
  protocol = $derived(this.allProtocols.find((p) => p.id === this.protocolId));

  quality: QualityRow[] = $derived(this.raw ? qualityRows(this.raw, this.choices) : []);
  /**
   * The mapping applied as the analyst edits it (problems and quality, no table), computed off
   * the page after each change; small files only (large ones are mapped once, on confirm).
   */
  preview: Omit<MappedResult, "table"> | null = $state.raw(null);
  private previewSeq = 0;
  /** unmapped variables that no criterion needs given what is mapped (src/app/needed.ts) */
  notNeeded: ReadonlyMap<string, NotNeeded> = $derived(notNeededFor(this.protocol, this.choices));
  /** unmapped variables some criterion needs (their criteria will be unknown) */
  unmapped = $derived(
    this.choices.filter((c) => !c.column && !this.notNeeded.has(c.variable)).map((c) => c.variable),
  );
  /** while the confirmed mapping is applied: the step under way (empty otherwise) */
  applying = $state("");

  /** Seconds left, from bytes per second so far (undefined until measurable). */
  timeLeft = $derived.by(() => {
    const { bytes, totalBytes } = this.progress;
    const dt = (this.now - this.startedAt) / 1000;
    if (!totalBytes || bytes <= 0 || dt < 0.2) return undefined;
    return Math.max(0, ((totalBytes - bytes) * dt) / bytes);
  });

  loadProtocolText(text: string, name: string): boolean {
    const { protocol, problems } = this.services.loadProtocol(text, name);
    if (!protocol) {
      this.fail(`The protocol file "${name}" cannot be used`, problems, "start");
      return false;
    }
    this.customProtocols = [...this.customProtocols.filter((p) => p.id !== protocol.id), protocol];
    this.protocolId = protocol.id;
    this.notices = problems;
    return true;
  }

  async openDemo(rows = this.demoRows): Promise<void> {
    const name = `synthetic-${rows}.csv`;
    this.beginLoading(`${name} (generating)`, 0);
    const abort = new AbortController();
    this.abort = abort;
    let blob: Blob;
    try {
      blob = await this.services.demoCsv(
        rows,
        (done) => {
          this.progress = { rows: done, bytes: 0 };
          this.now = performance.now();
        },
        abort.signal,
      );
    } catch (e) {
      if (!abort.signal.aborted)
        this.fail("The demo data could not be generated", [problem("demo", e)], "start");
      return;
    }
    if (abort.signal.aborted) return;
    this.beginLoading(name, blob.size);
    if (!(await this.readBlob(blob, name))) return;
    await this.confirmMapping();
  }

  async openFile(file: Blob, name: string): Promise<void> {
    this.headerRow = undefined;
    this.beginLoading(name, file.size);
    await this.readBlob(file, name);
  }

  /**
   * Reads the file again with the header on physical line `line` (1-based; undefined: found by
   * the reader): for titles above the header that were not recognised, or a guess that was wrong.
   * The columns change, so the mapping is made again.
   */
  async readWithHeader(line: number | undefined): Promise<boolean> {
    const file = this.file;
    if (!file) return false;
    const name = this.fileName;
    this.headerRow = line;
    this.screenKept = false;
    this.beginLoading(name, file.size);
    return this.readBlob(file, name);
  }

  /** Work that starting over or leaving the page would lose (a mapping, a screen). */
  get hasWork(): boolean {
    return (
      this.phase === "mapping" ||
      this.phase === "screen" ||
      (this.phase === "error" && this.error?.back === "mapping")
    );
  }

  /** From the screen back to its mapping, without reading the file again. */
  backToMapping() {
    if (this.phase !== "screen" || !this.raw) return;
    this.screenKept = true;
    this.phase = "mapping";
    void this.refreshPreview();
  }

  /** Back to the screen as it was, the mapping unchanged (after `backToMapping`). */
  backToScreen() {
    if (this.screenKept) this.phase = "screen";
  }

  /** Asks a question in the page; resolves with the answer. */
  ask(text: string, yes: string): Promise<boolean> {
    this.question?.resolve(false);
    return new Promise((resolve) => {
      this.question = { text, yes, resolve };
    });
  }

  answer(ok: boolean) {
    const q = this.question;
    this.question = null;
    q?.resolve(ok);
  }

  cancel() {
    this.abort?.abort();
    this.abort = null;
    this.phase = "start";
  }

  private beginLoading(name: string, totalBytes: number) {
    this.fileName = name;
    this.error = null;
    this.notices = [];
    this.progress = { rows: 0, bytes: 0, totalBytes };
    this.startedAt = this.now = performance.now();
    this.phase = "loading";
  }

  private async readBlob(blob: Blob, name: string): Promise<boolean> {
    const protocol = this.protocol;
    if (!protocol) {
      this.fail("Choose a protocol first", [], "start");
      return false;
    }
    const abort = new AbortController();
    this.abort = abort;
    this.file = blob;
    this.screenKept = false;
    this.screen.prepare();
    let raw: RawSummary;
    try {
      raw = await this.services.parse(
        blob,
        name,
        (p) => {
          this.progress = { ...p, totalBytes: p.totalBytes ?? blob.size };
          this.now = performance.now();
        },
        abort.signal,
        this.headerRow !== undefined ? { headerRow: this.headerRow } : {},
      );
    } catch (e) {
      if (abort.signal.aborted) return false;
      this.fail(`"${name}" could not be read`, [problem(name, e)], "start");
      return false;
    }
    if (abort.signal.aborted) return false;
    const errors = raw.problems.filter((p) => p.severity === "error");
    if (raw.nRows === 0 || (errors.length && raw.columns.length === 0)) {
      this.fail(
        `"${name}" has no rows to screen`,
        errors.length
          ? errors
          : [{ where: name, message: "the file has a header but no data rows", severity: "error" }],
        "start",
      );
      return false;
    }
    let choices: MappingChoice[];
    try {
      choices = await this.services.autoMap(protocol);
    } catch (e) {
      if (abort.signal.aborted) return false;
      this.fail(`"${name}" could not be mapped`, [problem(name, e)], "start");
      return false;
    }
    if (abort.signal.aborted) return false;
    this.raw = raw;
    this.notices = raw.problems;
    this.choices = choices;
    this.phase = "mapping";
    void this.refreshPreview();
    return true;
  }

  /** Re-applies the mapping for the preview (small files); a late answer to an old one is dropped. */
  refreshPreview(): Promise<void> {
    const seq = ++this.previewSeq;
    const raw = this.raw;
    const protocol = this.protocol;
    // previewed live: the tables the ingest worker keeps after Confirm (larger ones are read again)
    if (!raw || !protocol || raw.nRows > keepRows() || this.phase !== "mapping") {
      this.preview = null;
      return Promise.resolve();
    }
    return this.services.apply(protocol, this.choices, false).then(
      ({ problems, quality }) => {
        if (seq === this.previewSeq) this.preview = { problems, ...(quality ? { quality } : {}) };
      },
      () => {
        if (seq === this.previewSeq) this.preview = null;
      },
    );
  }

  setChoice(variable: string, patch: Partial<MappingChoice>) {
    this.choices = this.choices.map((c) =>
      c.variable === variable
        ? { ...c, ...patch, confidence: patch.column !== undefined ? 1 : c.confidence }
        : c,
    );
    void this.refreshPreview();
  }

  loadMappingText(text: string, name: string) {
    const { choices, problems } = mappingFromJson(text, this.choices, this.raw?.header ?? [], name);
    this.choices = choices;
    this.notices = problems;
    void this.refreshPreview();
  }

  /** Applies the mapping and opens the screen. */
  async confirmMapping(): Promise<boolean> {
    const protocol = this.protocol;
    if (!protocol || !this.raw) return false;
    const raw = this.raw;
    let applied: MappedResult;
    try {
      applied = await this.services.apply(protocol, this.choices, true, (step) => {
        this.applying = step;
      });
    } catch (e) {
      this.fail("The mapping cannot be applied", [problem(this.fileName, e)], "mapping");
      return false;
    } finally {
      this.applying = "";
    }
    if (this.raw !== raw) return false; // another file or a restart meanwhile
    const { table, problems } = applied;
    if (!table) {
      this.fail("The mapping cannot be applied", problems, "mapping");
      return false;
    }
    this.notices = problems;
    this.screenKept = false;
    this.screen.units = mappedUnits(this.choices);
    const ok = await this.screen.open(protocol, table);
    if (!ok) {
      this.fail(`The protocol "${protocol.id}" does not compile`, this.screen.problems, "mapping");
      return false;
    }
    this.phase = "screen";
    return true;
  }

  /** Loads a scenario (protocol + parameters + set-aside criteria + mapping) onto the loaded file. */
  async applyScenario(text: string, name: string): Promise<Problem[]> {
    const { scenario, problems } = parseScenario(text, name);
    if (!scenario) return problems;
    // nothing of the app changes until the scenario's table is mapped: a scenario that fails
    // leaves the protocol list, the mapping and the running screen as they were
    const custom = scenario.protocol
      ? [...this.customProtocols.filter((p) => p.id !== scenario.protocolId), scenario.protocol]
      : this.customProtocols;
    const protocol = [...this.services.protocols, ...custom].find(
      (p) => p.id === scenario.protocolId,
    );
    if (!protocol)
      return [
        { where: name, message: `unknown protocol "${scenario.protocolId}"`, severity: "error" },
      ];
    const raw = this.raw;
    if (!raw) return [{ where: name, message: "load a data file first", severity: "error" }];
    const known = protocol.parameters.map((p) => p.name);
    const out: Problem[] = Object.keys(scenario.overrides)
      .filter((k) => !known.includes(k))
      .map((k) => ({
        where: name,
        message: `parameter "${k}" is not in protocol ${protocol.id}; ignored`,
        severity: "warning",
      }));
    const overrides = Object.fromEntries(
      Object.entries(scenario.overrides).filter(([k]) => known.includes(k)),
    );
    let choices = this.choices;
    if (scenario.mapping) {
      const next = await this.services.autoMap(protocol);
      const read = mappingFromJson(JSON.stringify(scenario.mapping), next, raw.header, name);
      choices = read.choices;
      out.push(...read.problems);
    } else if (this.screen.protocol.id !== protocol.id)
      choices = await this.services.autoMap(protocol);
    const { table, problems: ap } = await this.services.apply(protocol, choices, true);
    out.push(...ap.filter((p) => p.severity === "error"));
    if (!table) return out;
    this.customProtocols = custom;
    this.protocolId = protocol.id;
    this.choices = choices;
    this.screen.units = mappedUnits(this.choices);
    await this.screen.open(protocol, table, overrides, scenario.disabled);
    if (scenario.order) {
      const ids = protocol.criteria.map((c) => c.id);
      const order = scenario.order.map((id) => ids.indexOf(id)).filter((k) => k >= 0);
      this.screen.order = [...order, ...this.screen.order.filter((k) => !order.includes(k))];
    }
    this.phase = "screen";
    return [...out, ...this.screen.problems];
  }

  fail(title: string, problems: Problem[], back: Phase) {
    this.error = { title, problems, back };
    this.phase = "error";
  }

  dismissError() {
    this.phase = this.error?.back ?? "start";
    this.error = null;
  }

  restart() {
    this.services.release?.();
    this.file = null;
    this.headerRow = undefined;
    this.screenKept = false;
    this.raw = null;
    this.preview = null;
    this.previewSeq++;
    this.choices = [];
    this.phase = "start";
  }
}

function problem(where: string, e: unknown): Problem {
  return { where, message: e instanceof Error ? e.message : String(e), severity: "error" };
}

/** The unit each variable's column was mapped from (explanations show values in it). */
function mappedUnits(choices: readonly MappingChoice[]): Record<string, string> {
  return userRecord(
    choices.flatMap((c) => (c.column && c.unit ? [[c.variable, c.unit] as const] : [])),
  );
}
