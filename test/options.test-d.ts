/**
 * The constructor's list of known options is the options types' own list of names, so
 * that a new option cannot be refused as unknown by mistake. Compiled, never run.
 */
import { expectTypeOf } from "expect-type";
import { KNOWN_OPTIONS, OptionName } from "../src/strategy/options";

expectTypeOf<(typeof KNOWN_OPTIONS)[number]>().toEqualTypeOf<OptionName>();
expectTypeOf<OptionName>().toEqualTypeOf<
  | "clientID"
  | "clientSecret"
  | "callbackURL"
  | "scope"
  | "pkce"
  | "store"
  | "sessionKey"
  | "state"
  | "authorizationURL"
  | "tokenURL"
  | "revokeURL"
  | "agent"
  | "apiURL"
  | "timeout"
  | "skipUserProfile"
  | "allowSuspendedMembers"
  | "proxy"
  | "customHeaders"
  | "passReqToCallback"
>();
