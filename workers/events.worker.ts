/**
 * Events worker: exposes the events API (src/events/remote.ts) over an EventService, which
 * keeps the chosen OMOP tables; a cancelled read ends the worker (the page starts a new one).
 */
import { expose } from "comlink";
import { eventsApi } from "../src/events/remote.ts";

expose(eventsApi());
