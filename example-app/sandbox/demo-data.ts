/** The sandbox's demo workspace and its members, in Attio's terms. */

/** A workspace member the consent page offers to approve as. */
export interface SandboxMember {
  readonly id: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly email: string;
  readonly accessLevel: "admin" | "member" | "suspended";
  /** Whether the member has an avatar (Attio's `avatar_url` is null otherwise). */
  readonly hasAvatar: boolean;
  /** ISO timestamp, as Attio formats `created_at`. */
  readonly createdAt: string;
}

/** The workspace every sandbox token belongs to. */
export interface SandboxWorkspace {
  readonly id: string;
  readonly name: string;
  readonly slug: string;
  /** Whether the workspace has a logo (Attio's `workspace_logo_url` is null otherwise). */
  readonly hasLogo: boolean;
}

export const DEMO_WORKSPACE: SandboxWorkspace = {
  id: "5b3f3d8e-6a2b-4c1d-9e0f-1a2b3c4d5e6f",
  name: "Northwind Trading",
  slug: "northwind-trading",
  hasLogo: true,
};

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
