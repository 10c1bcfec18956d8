/** The sandbox's demo workspace and its members, in Attio's terms. */

/**
 * A workspace member the consent page offers to approve as, and that
 * `/v2/workspace_members/{id}` describes.
 *
 * @example
 * ```ts
 * import type { SandboxMember } from "passport-attio/testing";
 *
 * const suspended: SandboxMember = {
 *   id: "member-1",
 *   firstName: "Sam",
 *   lastName: "Suspended",
 *   email: "sam@example.com",
 *   accessLevel: "suspended",
 *   hasAvatar: false,
 *   createdAt: "2024-01-01T00:00:00.000000000Z",
 * };
 * ```
 */
export interface SandboxMember {
  /** The `workspace_member_id`. */
  readonly id: string;
  /** `first_name`. */
  readonly firstName: string;
  /** `last_name`. */
  readonly lastName: string;
  /** `email_address`. */
  readonly email: string;
  /** `access_level`, as Attio names them. */
  readonly accessLevel: "admin" | "member" | "suspended";
  /** Whether the member has an avatar (Attio's `avatar_url` is null otherwise). */
  readonly hasAvatar: boolean;
  /** ISO timestamp, as Attio formats `created_at`. */
  readonly createdAt: string;
}

/**
 * A workspace that sandbox tokens grant access to.
 *
 * @example
 * ```ts
 * import type { SandboxWorkspace } from "passport-attio/testing";
 *
 * const acme: SandboxWorkspace = { id: "ws-acme", name: "Acme", slug: "acme", hasLogo: false };
 * ```
 */
export interface SandboxWorkspace {
  /** `workspace_id` (and `sub`) on `/v2/self`. */
  readonly id: string;
  /** `workspace_name`. */
  readonly name: string;
  /** `workspace_slug`. */
  readonly slug: string;
  /** Whether the workspace has a logo (Attio's `workspace_logo_url` is null otherwise). */
  readonly hasLogo: boolean;
}

/**
 * The default workspace: Northwind Trading.
 *
 * @example
 * ```ts
 * import { DEMO_WORKSPACE, startAttioSandbox } from "passport-attio/testing";
 *
 * const sandbox = await startAttioSandbox({ clientID: "c", clientSecret: "s" });
 * console.log(sandbox.workspace.id === DEMO_WORKSPACE.id); // true
 * ```
 */
export const DEMO_WORKSPACE: SandboxWorkspace = {
  id: "5b3f3d8e-6a2b-4c1d-9e0f-1a2b3c4d5e6f",
  name: "Northwind Trading",
  slug: "northwind-trading",
  hasLogo: true,
};

/**
 * The default members: Ada Lovelace (admin, the first, so `autoApprove: true`
 * approves as her), Grace Hopper and Alan Turing (no avatar).
 *
 * @example
 * ```ts
 * import { DEMO_MEMBERS, startAttioSandbox } from "passport-attio/testing";
 *
 * const grace = DEMO_MEMBERS[1]?.id;
 * const sandbox = await startAttioSandbox({ clientID: "c", clientSecret: "s", autoApprove: grace });
 * ```
 */
export const DEMO_MEMBERS: readonly SandboxMember[] = [
  {
    id: "0a1b2c3d-0001-4000-8000-000000000001",
    firstName: "Ada",
    lastName: "Lovelace",
    email: "ada@northwind.example",
    accessLevel: "admin",
    hasAvatar: true,
    createdAt: "2022-11-21T13:22:49.061281000Z",
  },
  {
    id: "0a1b2c3d-0002-4000-8000-000000000002",
    firstName: "Grace",
    lastName: "Hopper",
    email: "grace@northwind.example",
    accessLevel: "member",
    hasAvatar: true,
    createdAt: "2023-02-03T09:15:00.000000000Z",
  },
  {
    id: "0a1b2c3d-0003-4000-8000-000000000003",
    firstName: "Alan",
    lastName: "Turing",
    email: "alan@northwind.example",
    accessLevel: "member",
    hasAvatar: false,
    createdAt: "2024-06-30T17:45:12.500000000Z",
  },
];
