/**
 * passport-attio: sign in with Attio, and connect an Attio workspace, in any Passport app.
 *
 * @packageDocumentation
 */
export { AttioStrategy, AttioStrategy as Strategy } from "./strategy/strategy";
export type {
  AttioStrategyOptions,
  AttioStrategyOptionsBase,
  AttioStrategyOptionsWithRequest,
  SkipUserProfileOption,
} from "./strategy/options";
export { ATTIO_API_URL, ATTIO_AUTHORIZATION_URL, ATTIO_REVOKE_URL, ATTIO_TOKEN_URL, DEFAULT_TIMEOUT_MS } from "./attio/endpoints";
export type { AttioStateStore, StateStoreStoreCallback, StateStoreVerifyCallback } from "./state/state-store";
export { CookieStateStore } from "./state/cookie-store";
export type { CookieStateStoreOptions } from "./state/options";
export type {
  AttioTokenParams,
  AttioVerifyAsync,
  AttioVerifyAsyncWithRequest,
  AttioVerifyDone,
  AttioVerifyFunction,
  AttioVerifyFunctionWithRequest,
  AttioVerifyResult,
  AttioVerifyWithParams,
  AttioVerifyWithParamsAndRequest,
  AttioVerifyWithProfile,
  AttioVerifyWithProfileAndRequest,
  AttioWithRequest,
} from "./strategy/verify";
export type { AttioAccessLevel, AttioProfile, AttioTokenLevel, AttioWorkspace } from "./profile/profile";
export type { AttioSelf, AttioSelfActive } from "./attio/self";
export type { AttioMember } from "./attio/member";
export { ATTIO_SCOPES } from "./attio/scope-catalogue";
export type { AttioScope } from "./attio/scope-catalogue";
export { checkAccessToken, refreshAccessToken } from "./tokens";
export type { RefreshedTokens, TokenStatus } from "./tokens";
export type { AttioCallbackFailureCode, AttioFailure, AttioFailureCode } from "./strategy/failures";
export { AttioConfigError, AttioConnectionError, AttioError, AttioGrantError, AttioRequestError } from "./errors";
export type {
  AttioConfigErrorCode,
  AttioConnectionErrorCode,
  AttioErrorBody,
  AttioErrorCode,
  AttioErrorOptions,
  AttioGrantErrorCode,
  AttioRecordProblem,
  AttioRequestErrorCode,
} from "./errors";
export { AuthorizationError, TokenError } from "passport-oauth2";
export { MAX_RESPONSE_BYTES } from "./attio/transport";
export { AttioAgent } from "./attio/warm-agent";
export { AttioConnections } from "./connections/connections";
export type { AttioConnectionEvents, AttioGrant, AttioRefreshedEvent, AttioRevokedEvent } from "./connections/connections";
export type { AttioConnectionsOptions } from "./connections/options";
export type { AttioConnection } from "./connections/record";
export type { AttioConnectionStore } from "./connections/store";
export { revokeAccessToken } from "./connections/revoke";
