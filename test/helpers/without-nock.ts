/**
 * Lets the suite's requests reach real sockets through the client's own agent.
 * Once loaded by any test file, nock intercepts every request and gives it an
 * agent of its own, so pooling, warm connections and proxy tunnels would be nock's.
 */
import nock from "nock";

export function withoutNock(): void {
  let restored = false;
  before(() => {
    restored = nock.isActive();
    if (restored) nock.restore();
  });
  after(() => {
    if (restored) nock.activate();
  });
}
