import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EventsLoad, type EventsConnection } from "../../src/app/events-load.svelte.ts";
import { Flow } from "../../src/app/flow.svelte.ts";
import { EventService } from "../../src/events/service.ts";
import { services } from "./fixtures.ts";

const DIR = join(__dirname, "../fixtures/omop/synthea27nj");
const files = () => readdirSync(DIR).map((n) => new File([readFileSync(join(DIR, n))], n));

/** The events worker's service, in-process. */
const inProcess = (): EventsConnection => ({ api: new EventService(), end() {} });

describe("EventsLoad (OMOP tables in the app)", () => {
  it("reads, defaults the date to the latest observation, derives and opens the screen", async () => {
    const flow = new Flow(services());
    const ev = new EventsLoad(flow, inProcess);
    ev.choose(files(), "synthea27nj");
    expect(ev.step).toBe("files");
    expect(ev.protocols.map((p) => p.id)).toContain("example-omop-htn");
    expect(ev.protocols.map((p) => p.id)).not.toContain("dapa-hf"); // no OMOP profile
    ev.protocolId = "example-omop-htn";
    expect(ev.plan?.read.map((r) => r.file.name)).toContain("MEASUREMENT.csv");
    expect(await ev.read()).toBe(true);
    expect(ev.step).toBe("ready");
    expect(ev.screeningDate).toBe("2022-10-10");
    expect(ev.dateReason).toContain("latest observation date");
    expect(ev.progress.every((r) => r.bytes === r.totalBytes && r.totalBytes > 0)).toBe(true);

    expect(await ev.screen("2021-06-30")).toBe(true);
    expect(flow.phase).toBe("screen");
    expect(flow.fileName).toBe("synthea27nj");
    expect(flow.screen.counts).toMatchObject({ eligible: 1, needsReview: 4, ineligible: 23 });
    expect(flow.screen.overrides).toEqual({ screening_date: "2021-06-30" });
    expect(ev.showing).toBe(true);
    expect(ev.derived?.quality.persons).toBe(28);

    await ev.overTime(3);
    expect(ev.curve.map((c) => c.date)).toEqual(["2022-07-31", "2022-08-31", "2022-09-30"]);
    expect(ev.curvePending).toBe(0);

    // moved from the screen: derived again from the tables kept, counts follow
    expect(await ev.screen("2012-01-31")).toBe(true);
    expect(flow.screen.overrides).toEqual({ screening_date: "2012-01-31" });
    expect(flow.screen.counts.total).toBe(28);
    expect(ev.curve).toEqual([]);

    // the date moved in the what-if panel derives again too, keeping the other what-if values
    await flow.screen.setParam("age_min", 40);
    expect(ev.followScreenDate()).toBeNull(); // same date: nothing to do
    await flow.screen.setParam("screening_date", "2020-12-31");
    // (the app runs this from an effect; effects do not run under Node)
    expect(await ev.followScreenDate()).toBe(true);
    expect(ev.derived?.screeningDate).toBe("2020-12-31");
    expect(flow.screen.overrides).toEqual({ screening_date: "2020-12-31", age_min: 40 });
    expect(ev.derived?.quality.screeningDate).toBe("2020-12-31");
  });

  it("cancels a read under way: its worker is ended and the files are offered again", async () => {
    const flow = new Flow(services());
    let ended = 0;
    const hanging = (): EventsConnection => ({
      api: {
        read: () => new Promise(() => {}),
        derive: () => {
          throw new Error("not read");
        },
        countsAt: () => {
          throw new Error("not read");
        },
        release() {},
      },
      end: () => void ended++,
    });
    const ev = new EventsLoad(flow, hanging);
    ev.choose(files(), "synthea27nj");
    void ev.read();
    expect(ev.step).toBe("reading");
    expect(ev.progress.map((r) => r.table)).toContain("measurement");
    ev.cancel();
    expect(ended).toBe(1);
    expect(ev.step).toBe("files");
    expect(flow.phase).toBe("start");
  });

  it("keeps the files step with the reason when the extract has no PERSON table", async () => {
    const flow = new Flow(services());
    const ev = new EventsLoad(flow, inProcess);
    ev.choose(
      files().filter((f) => f.name !== "PERSON.csv"),
      "",
    );
    expect(ev.name).toBe("7 files");
    ev.protocolId = "example-omop-htn";
    expect(await ev.read()).toBe(false);
    expect(ev.step).toBe("files");
    expect(ev.problems.some((p) => p.message.includes("no PERSON table"))).toBe(true);
  });

  it("reads a site's long exports through a profile loaded in the app", async () => {
    const dir = join(__dirname, "../fixtures/long/klinik-labor");
    const profileText = readFileSync(
      join(__dirname, "../fixtures/long/example-omop-htn.long.json"),
      "utf8",
    );
    const flow = new Flow(services());
    const ev = new EventsLoad(flow, inProcess);
    ev.choose(
      readdirSync(dir).map((n) => new File([readFileSync(join(dir, n))], n)),
      "klinik-labor",
    );
    expect(ev.loadProfile("{ not json", "bad.json")).toBe(false);
    expect(ev.problems[0]).toMatchObject({ where: "bad.json", severity: "error" });
    expect(ev.loadProfile('{"model": "long"}', "thin.json")).toBe(false);
    expect(ev.problems.length).toBeGreaterThan(0);
    expect(ev.loadProfile(profileText, "example-omop-htn.long.json")).toBe(true);
    expect(ev.protocolId).toBe("example-omop-htn"); // the profile's protocol
    expect(ev.plan?.read.map((r) => r.table)).toEqual([
      "patients",
      "measurement",
      "condition_occurrence",
    ]);
    expect(await ev.read()).toBe(true);
    expect(ev.summary?.persons).toBe(4);
    expect(ev.dateReason).toContain("no observation periods");
    expect(await ev.screen("2021-06-30")).toBe(true);
    // as `prescreen screen --data DIR --profile` (test/events/long.test.ts)
    expect(flow.screen.counts).toMatchObject({ eligible: 0, needsReview: 1, ineligible: 3 });
    expect(ev.derived?.variables.find((v) => v.name === "creatinine")?.notUnderstood).toBe(1);
  });
});
