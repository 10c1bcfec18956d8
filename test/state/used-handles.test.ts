import { expect } from "chai";
import { UsedHandles } from "../../src/state/used-handles";

describe("UsedHandles (the per-process replay guard)", () => {
  it("claims a handle once, until it expires", () => {
    const used = new UsedHandles(10);
    expect(used.claim("a", 1_000, 0)).to.equal(true);
    expect(used.claim("a", 1_000, 500)).to.equal(false);
    expect(used.claim("b", 2_000, 1_000)).to.equal(true, "pruning 'a' at its expiry");
    expect(used.claim("a", 3_000, 1_001)).to.equal(true);
  });

  it("forgets the oldest when full, so memory stays bounded", () => {
    const used = new UsedHandles(2);
    for (const handle of ["a", "b", "c"]) expect(used.claim(handle, 10_000, 0)).to.equal(true);
    expect(used.claim("c", 10_000, 0)).to.equal(false);
    expect(used.claim("a", 10_000, 0)).to.equal(true);
  });
});
