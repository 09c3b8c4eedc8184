import { describe, expect, it } from "vitest";
import {
  filesOfEntries,
  folderOfInput,
  isEventDrop,
  type Entry,
} from "../../src/app/folder-files.ts";

const file = (name: string): Entry => ({
  isFile: true,
  isDirectory: false,
  name,
  file: (ok) => ok(new File(["x"], name)),
});

/** A folder whose reader answers in batches of `batch` entries, then an empty batch. */
const folder = (name: string, children: Entry[], batch = 2): Entry => ({
  isFile: false,
  isDirectory: true,
  name,
  createReader() {
    let at = 0;
    return {
      readEntries(ok) {
        const out = children.slice(at, at + batch);
        at += batch;
        ok(out);
      },
    };
  },
});

describe("files of a dropped folder", () => {
  it("reads every batch of a folder's entries, subfolders included", async () => {
    const tree = folder("omop", [
      file("PERSON.csv"),
      file("MEASUREMENT.csv"),
      file("DEATH.csv"),
      folder("vocab", [file("CONCEPT.csv")]),
      file("README.md"),
    ]);
    const got = await filesOfEntries([tree, file("extra.csv")]);
    expect(got.map((f) => f.name)).toEqual([
      "PERSON.csv",
      "MEASUREMENT.csv",
      "DEATH.csv",
      "CONCEPT.csv",
      "README.md",
      "extra.csv",
    ]);
  });

  it("passes a folder reader's failure on", async () => {
    const bad: Entry = {
      isFile: false,
      isDirectory: true,
      name: "locked",
      createReader: () => ({ readEntries: (_ok, fail) => fail?.(new Error("not allowed")) }),
    };
    await expect(filesOfEntries([bad])).rejects.toThrow("not allowed");
  });

  it("names the folder a directory input's files came from", () => {
    const f = new File(["x"], "PERSON.csv");
    Object.defineProperty(f, "webkitRelativePath", { value: "synthea27nj/PERSON.csv" });
    expect(folderOfInput([f])).toBe("synthea27nj");
    expect(folderOfInput([new File(["x"], "a.csv")])).toBe("");
  });
});

describe("a drop on the flat-file zone", () => {
  const file = (name: string): Entry => ({ isFile: true, isDirectory: false, name });
  const dir: Entry = { isFile: false, isDirectory: true, name: "omop" };
  const drop = (entries: Entry[], files: File[] = []) => ({ entries, files, folder: "" });

  it("is event data for a folder, several files or a Parquet file", () => {
    expect(isEventDrop(drop([dir]))).toBe(true);
    expect(isEventDrop(drop([file("PERSON.csv"), file("MEASUREMENT.csv")]))).toBe(true);
    expect(isEventDrop(drop([file("measurement.parquet")]))).toBe(true);
    expect(isEventDrop(drop([], [new File([""], "a.csv"), new File([""], "b.csv")]))).toBe(true);
  });

  it("stays one flat extract for a single text file", () => {
    expect(isEventDrop(drop([file("registry.csv")]))).toBe(false);
    expect(isEventDrop(drop([], [new File([""], "registry.tsv")]))).toBe(false);
    expect(isEventDrop(drop([]))).toBe(false);
  });
});
