/** Report audit worker: exposes an AuditService (src/engine/report/audit-service.ts). */
import { expose } from "comlink";
import { AuditService } from "../src/engine/report/audit-service.ts";

expose(new AuditService());
