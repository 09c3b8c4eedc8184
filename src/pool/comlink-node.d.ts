// Types for comlink's Node adapter imported by its real file name (Node's ESM resolver needs the
// extension; comlink ships the types as node-adapter.d.ts).
declare module "comlink/dist/esm/node-adapter.mjs" {
  export { default } from "comlink/dist/esm/node-adapter";
}
