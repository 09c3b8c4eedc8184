import { parseCsvStream } from "./src/ingest/read/parse";
async function* chunked(bytes: Uint8Array, size: number) { for (let i = 0; i < bytes.length; i += size) yield bytes.slice(i, i + size); }
for (const b of [new Uint8Array(20_000).fill(0x2c), new TextEncoder().encode("a," + "b,".repeat(20_000) + "\n1\n")]) {
const t0 = performance.now();
const t = await parseCsvStream(chunked(b, 4096), { name: "f" });
console.log(b.length, performance.now() - t0, t.nRows);
}
