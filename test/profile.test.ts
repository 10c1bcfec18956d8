import { expect } from "chai";
import { buildProfile } from "../src/profile/profile";
import { toDate } from "../src/util/to-date";
import { parseMember } from "../src/attio/member";
import { parseSelf, AttioSelfActive } from "../src/attio/self";
import { memberBody, MEMBER_ID, selfBody, WORKSPACE_ID } from "../harness/fixtures";

function activeSelf(overrides: Record<string, unknown> = {}) {
  const self = parseSelf(selfBody(overrides)) as AttioSelfActive & { workspace_id: string };
  return { self, selfRaw: JSON.stringify(selfBody(overrides)), scopes: ["user_management:read"] };
}

describe("profile parsing", () => {
  it("builds a workspace-only profile when no member is known", () => {
    const profile = buildProfile({
      ...activeSelf({ authorized_by_workspace_member_id: undefined, workspace_logo_url: null }),
      member: null,
      memberRaw: null,
    });
    expect(profile).to.deep.include({
      provider: "attio",
      id: WORKSPACE_ID,
      displayName: "Acme Corp",
      memberId: null,
      accessLevel: "unknown",
      workspace: { id: WORKSPACE_ID, name: "Acme Corp", slug: "acme-corp", logoUrl: null },
    });
    expect(profile).not.to.have.any.keys("name", "emails", "photos");
  });

  it("uses the member's name, email and avatar", () => {
    const member = parseMember(memberBody());
    const profile = buildProfile({ ...activeSelf(), member, memberRaw: "{}" });
    expect(profile).to.deep.include({
      id: MEMBER_ID,
      displayName: "Ada Lovelace",
      name: { givenName: "Ada", familyName: "Lovelace" },
      emails: [{ value: "ada@acme.example", type: "work" }],
      photos: [{ value: "https://assets.attio.com/avatars/ada.png" }],
      accessLevel: "admin",
    });
  });

  it("falls back to the workspace name for a member without a name, and omits a null avatar", () => {
    const member = parseMember(memberBody({ first_name: "", last_name: undefined, avatar_url: null, email_address: undefined }));
    const profile = buildProfile({ ...activeSelf(), member, memberRaw: "{}" });
    expect(profile.displayName).to.equal("Acme Corp");
    expect(profile).not.to.have.any.keys("photos", "emails");
  });

  it("falls back to the workspace id when nothing has a name", () => {
    const profile = buildProfile({ ...activeSelf({ workspace_name: undefined }), member: null, memberRaw: null });
    expect(profile.displayName).to.equal(WORKSPACE_ID);
    expect(profile.workspace.name).to.equal(null);
  });

  it("reads issue and expiry times, null for Attio's non-expiring tokens", () => {
    const profile = buildProfile({ ...activeSelf({ iat: 1700000000, exp: 1700003600 }), member: null, memberRaw: null });
    expect(profile.issuedAt?.toISOString()).to.equal("2023-11-14T22:13:20.000Z");
    expect(profile.expiresAt?.toISOString()).to.equal("2023-11-14T23:13:20.000Z");
    expect(buildProfile({ ...activeSelf(), member: null, memberRaw: null }).expiresAt).to.equal(null);
    expect(toDate(undefined)).to.equal(null);
    expect(toDate(1e20)).to.equal(null);
  });

  it("keeps unknown fields Attio may add in _json", () => {
    const profile = buildProfile({ ...activeSelf({ future_field: { nested: true } }), member: null, memberRaw: null });
    expect(profile._json.self).to.deep.include({ future_field: { nested: true } });
  });

  describe("response shapes", () => {
    it("accepts the inactive shape and rejects anything that is not an object", () => {
      expect(parseSelf({ active: false, workspace_id: "ignored" })).to.deep.equal({ active: false });
      for (const body of [null, [], "active", 3]) expect(() => parseSelf(body)).to.throw("is not a JSON object");
      expect(() => parseSelf({ active: "yes" })).to.throw('has no boolean "active" field');
    });

    it("rejects wrongly typed fields by name", () => {
      expect(() => parseSelf(selfBody({ exp: "never" }))).to.throw(`The "exp" field of Attio's /v2/self response is not a number.`);
      expect(() => parseSelf(selfBody({ iat: Number.NaN }))).to.throw(`The "iat" field of Attio's /v2/self response is not a number.`);
      expect(() => parseSelf(selfBody({ authorized_by_workspace_member_id: 7 }))).to.throw('"authorized_by_workspace_member_id"');
      expect(() => parseMember({ data: { ...memberBody().data, email_address: ["a"] } })).to.throw(
        `The "email_address" field of Attio's workspace member response is not a string.`,
      );
      expect(() => parseMember({ data: { ...memberBody().data, id: { workspace_member_id: 5 } } })).to.throw('"workspace_member_id"');
    });

    it("rejects a member body without data", () => {
      for (const body of [null, {}, { data: null }, { data: [] }]) expect(() => parseMember(body)).to.throw('has no "data" object');
    });

    it("tolerates a member without an id object", () => {
      const { id: _id, ...rest } = memberBody().data;
      expect(parseMember({ data: rest }).id).to.deep.equal({ workspace_id: undefined, workspace_member_id: undefined });
    });
  });
});
