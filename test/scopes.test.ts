import { expect } from "chai";
import { ATTIO_SCOPES } from "../src";
import { grantCovers, missingScopes, normalizeRequiredScopes, splitScopes } from "../src/scopes/scopes";

describe("scopes", () => {
  it("catalogues every resource at its documented levels, each with a description", () => {
    const resources = [
      "user_management",
      "record_permission",
      "object_configuration",
      "list_entry",
      "list_configuration",
      "public_collection",
      "private_collection",
      "comment",
      "task",
      "note",
      "meeting",
      "call_recording",
      "webhook",
      "file",
      "scim_management",
      "activity_configuration",
      "activity_record",
    ];
    const expected = [
      ...resources.flatMap((r) => [`${r}:read`, `${r}:read-write`]),
      "email:read",
      "sequence_unsubscribe:read-write",
      "mcp",
    ];
    expect(Object.keys(ATTIO_SCOPES).sort()).to.deep.equal(expected.sort());
    for (const description of Object.values(ATTIO_SCOPES)) expect(description).to.be.a("string").and.not.equal("");
  });

  it("splits space-separated scope strings, ignoring extra whitespace", () => {
    expect(splitScopes("  a:read\tb:read-write\n mcp ")).to.deep.equal(["a:read", "b:read-write", "mcp"]);
    expect(splitScopes("")).to.deep.equal([]);
  });

  it("collapses duplicates and a read beside its own read-write, keeping first-seen order", () => {
    expect(normalizeRequiredScopes(["task:read", "note:read", "task:read-write", "note:read", "mcp"])).to.deep.equal([
      "note:read",
      "task:read-write",
      "mcp",
    ]);
  });

  it("counts read-write as covering read, and nothing else as covering anything", () => {
    const granted = new Set(["note:read-write", "task:read", "mcp"]);
    expect(grantCovers(granted, "note:read")).to.equal(true);
    expect(grantCovers(granted, "note:read-write")).to.equal(true);
    expect(grantCovers(granted, "task:read-write")).to.equal(false);
    expect(grantCovers(granted, "mcp")).to.equal(true);
    expect(grantCovers(granted, "comment:read")).to.equal(false);
  });

  it("lists the missing scopes in the order they were required", () => {
    expect(missingScopes(["task:read-write", "note:read", "mcp", "list_entry:read"], ["note:read-write", "list_entry:read"])).to.deep.equal(
      ["task:read-write", "mcp"],
    );
  });
});
