/**
 * A relative callbackURL resolved under hostile Host and X-Forwarded-* headers:
 * whatever came before (the resolutions are cached per origin), the redirect_uri
 * is `new URL(callbackURL, requestURL)` for the very request.
 */
import { expect } from "chai";
import fc from "fast-check";
import { absoluteCallbackURL } from "../../src/strategy/request-origin";

const CALLBACK_URLS = [
  "/auth/attio/callback",
  "//evil.example/cb",
  "\\\\evil.example\\cb",
  "/\\evil.example/cb",
  "cb",
  "../cb",
  "?x=1",
  "",
  "#f",
  "/cb?x=1#y",
];

/** A host as a browser (or an attacker) sends it: any case, IPv4, IPv6, a port that may be out of range. */
const host = fc
  .tuple(
    fc.oneof(
      // A few hosts, often repeated, so that one request meets another's cached resolution.
      { arbitrary: fc.constantFrom("LOCALHOST", "localhost", "Example.COM", "example.com", "[::1]", "127.0.0.1"), weight: 4 },
      fc.domain(),
      fc.ipV4(),
      fc.ipV6().map((ip) => `[${ip}]`),
    ),
    fc.option(fc.constantFrom(80, 443, 3000, 65535, 65536, 99999), { nil: undefined }),
  )
  .map(([name, port]) => (port === undefined ? name : `${name}:${port}`));

const request = fc.record({
  host,
  forwardedHost: fc.option(host, { nil: undefined }),
  forwardedProto: fc.constantFrom(undefined, "https", "http", "HTTPS"),
  path: fc.constantFrom("/", "/auth/attio", "/a/b/c?x=1", "//evil.example/x", "/%2e%2e/x", "/\\evil/x"),
  encrypted: fc.boolean(),
  proxy: fc.boolean(),
  callbackURL: fc.constantFrom(...CALLBACK_URLS),
});
type Request = typeof request extends fc.Arbitrary<infer R> ? R : never;

/** What the browser was sent to, worked out afresh from the request alone. */
function expected(r: Request): string | undefined {
  const forwarded = r.proxy && r.forwardedHost !== undefined;
  const proto = r.proxy && r.forwardedProto ? r.forwardedProto.toLowerCase() : r.encrypted ? "https" : "http";
  try {
    return new URL(r.callbackURL, `${proto}://${forwarded ? r.forwardedHost : r.host}${r.path}`).href;
  } catch {
    return undefined;
  }
}

function nodeRequest(r: Request): unknown {
  const headers: Record<string, string> = { host: r.host };
  if (r.forwardedHost !== undefined) headers["x-forwarded-host"] = r.forwardedHost;
  if (r.forwardedProto !== undefined) headers["x-forwarded-proto"] = r.forwardedProto;
  return { headers, url: r.path, socket: { encrypted: r.encrypted } };
}

describe("hostile: relative callback URLs under hostile hosts", () => {
  it("resolve for each request as new URL(callbackURL, requestURL) does, in any order, thousands of hosts included", () => {
    fc.assert(
      fc.property(fc.array(request, { minLength: 1, maxLength: 600 }), (requests) => {
        for (const r of requests)
          expect(absoluteCallbackURL(r.callbackURL, nodeRequest(r), r.proxy), JSON.stringify(r)).to.equal(expected(r));
      }),
      { numRuns: 40 },
    );
  });

  it("a host that differs only in case resolves to the same lower-case URL, before and after the other", () => {
    for (const order of [
      ["Example.COM", "example.com"],
      ["example.com", "Example.COM"],
    ]) {
      const urls = order.map((h) => absoluteCallbackURL("/cb", { headers: { host: `${h}:8080` }, url: "/" }, false));
      expect(urls).to.deep.equal(["http://example.com:8080/cb", "http://example.com:8080/cb"]);
    }
  });
});
