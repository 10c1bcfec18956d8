import { expect } from "chai";
import { ACCESS_TOKEN, AUTH_CODE, CLIENT_SECRET } from "../../harness/fixtures";

/** Asserts that none of the test secrets (and any extra ones given) appear in `text`. */
export function expectNoSecrets(text: string, extra: readonly string[] = []): void {
  for (const secret of [CLIENT_SECRET, ACCESS_TOKEN, AUTH_CODE, ...extra]) {
    expect(text, "a secret leaked").not.to.include(secret);
  }
}
