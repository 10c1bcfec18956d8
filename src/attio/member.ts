/** The shape of `GET /v2/workspace_members/{id}`, validated field by field. */
import { AttioRequestError } from "../errors";
import { isRecord } from "../util/json";
import { nullableString, optionalString } from "./fields";

const WHERE = "workspace member response";

/** A workspace member as Attio describes it (the `data` of the member response). */
export interface AttioMember {
  readonly id: { readonly workspace_id?: string; readonly workspace_member_id?: string };
  readonly first_name?: string;
  readonly last_name?: string;
  readonly avatar_url?: string | null;
  readonly email_address?: string;
  readonly created_at?: string;
  readonly access_level?: string;
}

/** Narrows a parsed member body to its `data`, throwing `ATTIO_RESPONSE_INVALID` on a wrong shape. */
export function parseMember(json: unknown): AttioMember {
  const data = isRecord(json) ? json["data"] : undefined;
  if (!isRecord(data)) throw new AttioRequestError("ATTIO_RESPONSE_INVALID", `Attio's ${WHERE} has no "data" object.`);
  const id = isRecord(data["id"]) ? data["id"] : {};
  return {
    ...data,
    id: {
      workspace_id: optionalString(id, "workspace_id", WHERE),
      workspace_member_id: optionalString(id, "workspace_member_id", WHERE),
    },
    first_name: optionalString(data, "first_name", WHERE),
    last_name: optionalString(data, "last_name", WHERE),
    avatar_url: nullableString(data, "avatar_url", WHERE),
    email_address: optionalString(data, "email_address", WHERE),
    created_at: optionalString(data, "created_at", WHERE),
    access_level: optionalString(data, "access_level", WHERE),
  };
}
