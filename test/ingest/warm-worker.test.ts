/**
 * The ingest worker's warm-up (configure `warm`: src/ingest/warm.ts) runs while the app waits
 * for a file; a file chosen meanwhile is read as soon as the worker takes the message (the
 * warm-up awaits Blob text between its pieces), and the warm-up leaves nothing behind: the same
 * table as a worker that never warmed up.
 */
import { afterEach, describe, expect, it } from "vitest";
import { closeIngestChannels, connectIngest } from "../support/ingest-channel.ts";
import { csv } from "../app/fixtures.ts";

afterEach(closeIngestChannels);

describe("the ingest worker's warm-up", () => {
  it("lets a file chosen during it load to the same table", async () => {
    const text = csv(3000);
    const cold = await connectIngest().loadFile(new File([text], "x.csv"), {});
    const api = connectIngest();
    const warming = api.configure({ warm: true });
    const during = await api.loadFile(new File([text], "x.csv"), {});
    await warming;
    expect(during).toEqual(cold);
    expect(during.nRows).toBe(3000);
    // and after it
    expect(await api.loadFile(new File([text], "x.csv"), {})).toEqual(cold);
  });
});
