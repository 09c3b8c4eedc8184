/**
 * Row slices for the evaluation workers travel from the ingest worker (which holds the mapped
 * table) straight to them over MessagePorts, never through the page: `sliceChannels` makes the
 * channels when the mapping is applied (far ends to the ingest worker), `takeSlicePorts` hands
 * the near ends to the pool that loads that table (engine-pool.ts).
 */
/**
 * Ports on which a mapped table's row slices arrive (posted by the ingest worker when it
 * applied the mapping), by table; taken once by the evaluation pool that loads the table.
 */
const slicePorts = new WeakMap<object, MessagePort[]>();

/** Channels for `n` slices: the far ends go to the table's holder, the near ends are kept for `table`. */
export function sliceChannels(n: number): {
  far: MessagePort[];
  keep(table: object): void;
  close(): void;
} {
  const channels = Array.from({ length: n }, () => new MessageChannel());
  const near = channels.map((c) => c.port1);
  return {
    far: channels.map((c) => c.port2),
    keep: (table) => void slicePorts.set(table, near),
    close: () => near.forEach((p) => p.close()),
  };
}

/** The slice ports kept for `table` (once; undefined when there are none). */
export function takeSlicePorts(table: object): MessagePort[] | undefined {
  const ports = slicePorts.get(table);
  slicePorts.delete(table);
  return ports;
}
