import { describe, expect, it } from "vitest";
import { Flow } from "../../src/app/flow.svelte.ts";
import { mappingToJson } from "../../src/app/mapping-model.ts";
import { csv, seed, services } from "./fixtures.ts";

describe("Flow", () => {
  it("walks start -> loading -> mapping -> screen for a file", async () => {
    const f = new Flow(services());
    expect(f.phase).toBe("start");
    const p = f.openFile(new Blob([csv(200)]), "x.csv");
    expect(f.phase).toBe("loading");
    await p;
    expect(f.phase).toBe("mapping");
    expect(f.raw?.nRows).toBe(200);
    expect(f.choices[0]).toMatchObject({ variable: "patient_id", column: "PatientID" });
    expect(f.unmapped.length).toBeGreaterThan(0);
    expect(f.quality.length).toBe(f.raw!.columns.length);
    expect(await f.confirmMapping()).toBe(true);
    expect(f.phase).toBe("screen");
    expect(f.screen.counts.total).toBe(200);
  });

  it("screens the demo straight away", async () => {
    const f = new Flow(services());
    await f.openDemo(150);
    expect(f.phase).toBe("screen");
    expect(f.screen.counts.total).toBe(150);
  });

  it.each([
    ["an empty file", ""],
    ["a header with no rows", "PatientID,UPCR\n"],
  ])("shows an error state for %s", async (_, text) => {
    const f = new Flow(services());
    await f.openFile(new Blob([text]), "bad.csv");
    expect(f.phase).toBe("error");
    expect(f.error?.title).toContain("bad.csv");
    expect(f.error?.problems.length).toBeGreaterThan(0);
    f.dismissError();
    expect(f.phase).toBe("start");
  });

  it("reports a broken protocol file with its position and keeps the current one", () => {
    const f = new Flow(services());
    expect(f.loadProtocolText('{"id": "x",\n  "title": }', "p.json")).toBe(false);
    expect(f.phase).toBe("error");
    expect(f.error?.problems[0]).toMatchObject({ where: "p.json", line: 2 });
    expect(f.protocolId).toBe(seed.id);
  });

  it("fixes a column by hand and round-trips a saved mapping", async () => {
    const f = new Flow(services());
    await f.openFile(new Blob([csv(100)]), "x.csv");
    f.setChoice("upcr", { column: null });
    expect(f.unmapped).toContain("upcr");
    const saved = mappingToJson(seed, f.choices);
    f.setChoice("upcr", { column: "UPCR" });
    expect(f.choices.find((c) => c.variable === "upcr")).toMatchObject({
      column: "UPCR",
      confidence: 1,
    });
    f.loadMappingText(saved, "m.json");
    expect(f.unmapped).toContain("upcr");
    f.loadMappingText("{nope", "m.json");
    expect(f.notices[0]?.message).toMatch(/not valid JSON/);
  });

  it("applies a scenario (parameters and criteria set aside) to the loaded file", async () => {
    const f = new Flow(services());
    await f.openDemo(120);
    const text = JSON.stringify({
      kind: "cohort-prescreener/scenario",
      version: 1,
      protocolId: seed.id,
      overrides: { upcr_min: 0.5, nonsense: 1 },
      disabled: ["I3"],
    });
    const problems = await f.applyScenario(text, "s.json");
    expect(problems.map((p) => p.message).join()).toMatch(/nonsense/);
    expect(f.screen.overrides).toEqual({ upcr_min: 0.5 });
    expect(f.screen.enabled[seed.criteria.findIndex((c) => c.id === "I3")]).toBe(false);
    expect((await f.applyScenario('{"kind":"x"}', "s.json"))[0]?.message).toMatch(/not a scenario/);
  });
});

describe("Flow cancel", () => {
  it("goes back to the start when a load is cancelled, and ignores the late result", async () => {
    const s = services();
    let release: () => void = () => {};
    const slow = {
      ...s,
      parse: async (f: Blob, n: string, p: never, signal: AbortSignal) => {
        await new Promise<void>((r) => (release = r));
        expect(signal.aborted).toBe(true);
        return s.parse(f, n, p, signal);
      },
    };
    const f = new Flow(slow);
    const load = f.openFile(new Blob([csv(50)]), "x.csv");
    expect(f.phase).toBe("loading");
    f.cancel();
    expect(f.phase).toBe("start");
    release();
    await load;
    expect(f.phase).toBe("start");
    expect(f.raw).toBeNull();
  });
});

describe("Flow preview", () => {
  it("re-applies the mapping after a change and drops late answers to older ones", async () => {
    const s = services();
    const calls: { withTable: boolean; release: () => void }[] = [];
    const gated = {
      ...s,
      apply: (...args: Parameters<typeof s.apply>) =>
        new Promise<Awaited<ReturnType<typeof s.apply>>>((resolve) => {
          calls.push({
            withTable: args[2],
            release: () => void s.apply(...args).then(resolve),
          });
        }),
    };
    const f = new Flow(gated);
    await f.openFile(new Blob([csv(80)]), "x.csv");
    expect(calls.length).toBe(1);
    expect(calls[0]!.withTable).toBe(false);
    f.setChoice("upcr", { column: null });
    expect(calls.length).toBe(2);
    // the newer answer first, then the stale one: the preview is the newer one
    calls[1]!.release();
    await new Promise((r) => setTimeout(r, 10));
    const unmappedNow = f.preview?.quality?.unmapped;
    expect(unmappedNow).toContain("upcr");
    calls[0]!.release();
    await new Promise((r) => setTimeout(r, 10));
    expect(f.preview?.quality?.unmapped).toBe(unmappedNow);
    expect(f.preview).not.toHaveProperty("table");
  });
});

describe("Flow: going back, header line, questions", () => {
  it("goes back from the screen to the mapping and screens a changed mapping, reading nothing", async () => {
    const s = services();
    let parses = 0;
    const f = new Flow({ ...s, parse: (...a) => (parses++, s.parse(...a)) });
    await f.openFile(new Blob([csv(120)]), "x.csv");
    expect(await f.confirmMapping()).toBe(true);
    const before = { ...f.screen.counts };
    f.backToMapping();
    expect(f.phase).toBe("mapping");
    expect(f.screenKept).toBe(true);
    f.backToScreen();
    expect(f.phase).toBe("screen");
    f.backToMapping();
    f.setChoice("upcr", { column: null });
    f.setChoice("protein_24h", { column: null });
    expect(await f.confirmMapping()).toBe(true);
    expect(f.phase).toBe("screen");
    expect(f.screenKept).toBe(false);
    // without the proteinuria columns I4 is unknown for all: no one is eligible, and those who
    // were are now to review
    expect(before.eligible).toBeGreaterThan(0);
    expect(f.screen.counts.eligible).toBe(0);
    expect(f.screen.counts.needsReview).toBeGreaterThan(before.needsReview);
    expect(parses).toBe(1);
  });

  it("reads the file again with the header line the analyst chose", async () => {
    const f = new Flow(services());
    const text = "Export of site 4\n" + csv(30);
    await f.openFile(new Blob([text]), "t.csv");
    expect(f.raw?.structure).toMatchObject({ headerLine: 2, prefaces: 1 });
    expect(f.raw?.nRows).toBe(30);
    // a wrong choice: the title line as header (every row is then a data row)
    expect(await f.readWithHeader(1)).toBe(true);
    expect(f.phase).toBe("mapping");
    expect(f.headerRow).toBe(1);
    expect(f.raw?.structure?.headerLine).toBe(1);
    expect(f.raw?.header[0]).toBe("Export of site 4");
    // and back to the detected header
    await f.readWithHeader(undefined);
    expect(f.raw?.header).toContain("PatientID");
    expect(f.raw?.nRows).toBe(30);
  });

  it("asks in the page before losing a mapping; answers resolve the question", async () => {
    const f = new Flow(services());
    expect(f.hasWork).toBe(false);
    await f.openFile(new Blob([csv(20)]), "x.csv");
    expect(f.hasWork).toBe(true);
    const no = f.ask("Start again?", "Start again");
    expect(f.question?.text).toBe("Start again?");
    f.answer(false);
    expect(await no).toBe(false);
    expect(f.question).toBeNull();
    const yes = f.ask("Start again?", "Start again");
    f.answer(true);
    expect(await yes).toBe(true);
  });

  it("does not count variables decided by what is mapped as unmapped", async () => {
    const f = new Flow(services());
    await f.openFile(new Blob([csv(40)]), "x.csv");
    f.setChoice("sledai2k_total", { column: "UPCR" });
    expect(f.notNeeded.get("sledai_seizure")?.decidedBy).toEqual(["sledai2k_total"]);
    expect(f.unmapped).not.toContain("sledai_seizure");
    f.setChoice("sledai2k_total", { column: null });
    expect(f.notNeeded.has("sledai_seizure")).toBe(false);
    expect(f.unmapped).toContain("sledai_seizure");
  });
});
