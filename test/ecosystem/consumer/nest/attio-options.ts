import type { AttioStrategyOptions } from "passport-attio";

/** Injection token of the Attio app's settings (client id, secret, URLs). */
export const ATTIO_OPTIONS = Symbol("ATTIO_OPTIONS");

/** The settings every Attio strategy of the app shares. */
export type AttioConnection = Omit<AttioStrategyOptions, "passReqToCallback">;
