/**
 * Attio's OAuth scope catalogue. Scopes are set on the app in Attio's developer
 * dashboard; every install grants exactly that set.
 */

/**
 * Every scope Attio defines, with what it grants.
 *
 * @example
 * ```ts
 * import { ATTIO_SCOPES } from "passport-attio";
 * for (const [scope, grants] of Object.entries(ATTIO_SCOPES)) console.log(`${scope}: ${grants}`);
 * ```
 */
export const ATTIO_SCOPES = {
  "user_management:read": "Read workspace members",
  "user_management:read-write": "Read and manage workspace members",
  "record_permission:read": "Read records (people, companies, …)",
  "record_permission:read-write": "Read and write records (people, companies, …)",
  "object_configuration:read": "Read object and attribute configuration",
  "object_configuration:read-write": "Read and change object and attribute configuration",
  "list_entry:read": "Read list entries",
  "list_entry:read-write": "Read and write list entries",
  "list_configuration:read": "Read list configuration",
  "list_configuration:read-write": "Read and change list configuration",
  "public_collection:read": "Read public collections",
  "public_collection:read-write": "Read and write public collections",
  "private_collection:read": "Read private collections",
  "private_collection:read-write": "Read and write private collections",
  "comment:read": "Read comments",
  "comment:read-write": "Read and write comments",
  "task:read": "Read tasks",
  "task:read-write": "Read and write tasks",
  "note:read": "Read notes",
  "note:read-write": "Read and write notes",
  "meeting:read": "Read meetings",
  "meeting:read-write": "Read and write meetings",
  "call_recording:read": "Read call recordings",
  "call_recording:read-write": "Read and write call recordings",
  "webhook:read": "Read webhooks",
  "webhook:read-write": "Create and manage webhooks",
  "file:read": "Read files",
  "file:read-write": "Read and write files",
  "scim_management:read": "Read SCIM provisioning",
  "scim_management:read-write": "Read and manage SCIM provisioning",
  "activity_configuration:read": "Read activity configuration",
  "activity_configuration:read-write": "Read and change activity configuration",
  "activity_record:read": "Read activity records",
  "activity_record:read-write": "Read and write activity records",
  "email:read": "Read emails",
  "sequence_unsubscribe:read-write": "Read and manage sequence unsubscribes",
  mcp: "Access Attio's MCP server",
} as const satisfies Record<string, string>;

/** The name of a scope in Attio's catalogue, e.g. `"record_permission:read"`. */
export type AttioScope = keyof typeof ATTIO_SCOPES;

/** True when `name` is a scope in Attio's catalogue. */
export function isAttioScope(name: string): name is AttioScope {
  return Object.hasOwn(ATTIO_SCOPES, name);
}
