/** The shape of `GET /v2/self`, validated field by field. */
import { AttioRequestError } from "../errors";
import { isRecord } from "../util/json";
import { nullableNumber, nullableString, optionalString } from "./fields";

const WHERE = "/v2/self response";

/** What `GET /v2/self` says about an active token. Every field but `active` may be absent. */
export interface AttioSelfActive {
  readonly active: true;
  readonly scope?: string;
  readonly client_id?: string;
  readonly token_type?: string;
  readonly exp?: number | null;
  readonly iat?: number | null;
  readonly sub?: string;
  readonly aud?: string;
  readonly iss?: string;
  readonly authorized_by_workspace_member_id?: string | null;
  readonly workspace_id?: string;
  readonly workspace_name?: string;
  readonly workspace_slug?: string;
  readonly workspace_logo_url?: string | null;
  readonly token_level?: string;
}

/** What `GET /v2/self` answers: an active token's details, or `{ active: false }`. */
export type AttioSelf = AttioSelfActive | { readonly active: false };

/** Narrows a parsed `/v2/self` body, throwing `ATTIO_RESPONSE_INVALID` on a wrong shape. */
export function parseSelf(json: unknown): AttioSelf {
  if (!isRecord(json)) throw new AttioRequestError("ATTIO_RESPONSE_INVALID", `Attio's ${WHERE} is not a JSON object.`);
  if (json["active"] === false) return { active: false };
  if (json["active"] !== true) {
    throw new AttioRequestError("ATTIO_RESPONSE_INVALID", `Attio's ${WHERE} has no boolean "active" field.`);
  }
  const self: { -readonly [K in keyof AttioSelfActive]: AttioSelfActive[K] } = { ...json, active: true };
  for (const key of [
    "scope",
    "client_id",
    "token_type",
    "sub",
    "aud",
    "iss",
    "workspace_id",
    "workspace_name",
    "workspace_slug",
    "token_level",
  ] as const) {
    self[key] = optionalString(json, key, WHERE);
  }
  self.authorized_by_workspace_member_id = nullableString(json, "authorized_by_workspace_member_id", WHERE);
  self.workspace_logo_url = nullableString(json, "workspace_logo_url", WHERE);
  self.exp = nullableNumber(json, "exp", WHERE);
  self.iat = nullableNumber(json, "iat", WHERE);
  return self;
}
