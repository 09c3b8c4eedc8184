/**
 * The files of a drop: dropped files as they are, a dropped folder's files through
 * `DataTransferItem.webkitGetAsEntry` (Chromium, Firefox, Safari), subfolders included. The
 * entries must be taken while the drop event runs (the items are emptied after it), so
 * `droppedEntries` is called in the handler and `filesOfEntries` may finish later.
 */

/** The parts of the File and Directory Entries API this reads (structural, so tests can fake it). */
export interface Entry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath?: string;
  file?(ok: (f: File) => void, fail?: (e: unknown) => void): void;
  createReader?(): { readEntries(ok: (es: Entry[]) => void, fail?: (e: unknown) => void): void };
}

export interface Dropped {
  entries: Entry[];
  /** files of a drop without entries (an old browser): no folders then */
  files: File[];
  /** the single dropped folder's name (shown as the data's name), else "" */
  folder: string;
}

/** Call inside the drop handler. */
export function droppedEntries(dt: DataTransfer | null | undefined): Dropped {
  const entries: Entry[] = [];
  for (const item of dt?.items ?? []) {
    if (item.kind !== "file") continue;
    const e = (item as { webkitGetAsEntry?(): Entry | null }).webkitGetAsEntry?.();
    if (e) entries.push(e);
  }
  const only = entries.length === 1 && entries[0]!.isDirectory ? entries[0]!.name : "";
  return { entries, files: entries.length ? [] : [...(dt?.files ?? [])], folder: only };
}

/**
 * Whether a drop is event data rather than one flat extract: a folder, several files (OMOP
 * tables, or a long export's patient and event files), or a Parquet file (the flat reader takes
 * text). A single text file stays a flat extract.
 */
export function isEventDrop(d: Dropped): boolean {
  const names = d.entries.length ? d.entries : d.files;
  if (names.length > 1) return true;
  const one = d.entries[0];
  return (one?.isDirectory ?? false) || /\.parquet$/i.test(names[0]?.name ?? "");
}

/** Every file under the entries (a reader returns a folder's entries in batches, until an empty one). */
export async function filesOfEntries(entries: readonly Entry[]): Promise<File[]> {
  const out: File[] = [];
  const walk = async (e: Entry): Promise<void> => {
    if (e.isFile && e.file) {
      out.push(await new Promise<File>((ok, fail) => e.file!(ok, fail)));
    } else if (e.isDirectory && e.createReader) {
      const reader = e.createReader();
      for (;;) {
        const batch = await new Promise<Entry[]>((ok, fail) => reader.readEntries(ok, fail));
        if (batch.length === 0) break;
        for (const child of batch) await walk(child);
      }
    }
  };
  for (const e of entries) await walk(e);
  return out;
}

/** The folder a `webkitdirectory` input's files came from (first path segment), else "". */
export function folderOfInput(files: readonly File[]): string {
  const p = (files[0] as { webkitRelativePath?: string } | undefined)?.webkitRelativePath ?? "";
  return p.includes("/") ? p.slice(0, p.indexOf("/")) : "";
}
