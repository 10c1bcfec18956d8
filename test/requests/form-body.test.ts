/** The token and revoke requests' form bodies: exactly what `URLSearchParams` writes, for any text. */
import { expect } from "chai";
import fc from "fast-check";
import { formBody } from "../../src/util/form";

describe("form bodies", () => {
  it("match URLSearchParams byte for byte, lone surrogates and every escape included", () => {
    const text = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string({ unit: "grapheme" }),
      fc.string({ unit: fc.constantFrom(..."!'()*~-._ %+&=") }),
    );
    fc.assert(
      fc.property(fc.dictionary(text, text), (fields) => {
        expect(formBody(fields)).to.equal(new URLSearchParams(fields).toString());
      }),
      { numRuns: 2000 },
    );
  });

  it("leaves plain values as they are and escapes the rest", () => {
    expect(formBody({ grant_type: "authorization_code", code: "a b!~" })).to.equal("grant_type=authorization_code&code=a+b%21%7E");
  });

  it("writes only the fields' own keys, as URLSearchParams does, even when Object.prototype has gained one", () => {
    const prototype = Object.prototype as Record<string, unknown>;
    prototype["polluted"] = "x";
    try {
      const fields = { grant_type: "authorization_code", code: "c" };
      expect(formBody(fields)).to.equal(new URLSearchParams(fields).toString());
    } finally {
      delete prototype["polluted"];
    }
  });
});
