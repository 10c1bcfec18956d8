/** Records in the store, sealed: read, written and deleted by connection id. */
import { AttioConnectionError, AttioGrantError } from "../errors";
import { RecordSealer } from "./envelope";
import type { ConnectionRecord } from "./record";
import { isThenable, StoreAccess, StoredValue } from "./store";

const MAX_ID_LENGTH = 512;
/** Opened records kept per process; beyond this many ids the oldest is dropped. */
const MAX_OPENED = 1000;

export class Vault {
  /**
   * The last record opened per id, with the exact text it was opened from. The
   * text is authenticated, so the same text always opens to the same record:
   * a read that finds it unchanged skips the decryption (the hot path).
   */
  private readonly recent = new Map<string, { readonly text: string; readonly record: ConnectionRecord }>();

  constructor(
    readonly store: StoreAccess,
    private readonly sealer: RecordSealer,
    private readonly keyPrefix: string,
  ) {}

  key(id: string): string {
    return this.keyPrefix + id;
  }

  /** The record, or undefined when there is none; synchronous for a synchronous store. */
  find(id: string): ConnectionRecord | undefined | Promise<ConnectionRecord | undefined> {
    const value = this.store.get(this.key(checkId(id)));
    return isThenable(value) ? value.then((stored) => this.opened(id, stored)) : this.opened(id, value);
  }

  /** The record; rejects with `ATTIO_NOT_CONNECTED` when there is none. */
  async read(id: string): Promise<ConnectionRecord> {
    const record = await this.find(id);
    if (!record) throw notConnected(id);
    return record;
  }

  async write(id: string, record: ConnectionRecord): Promise<void> {
    await this.store.set(this.key(checkId(id)), this.sealer.seal(id, record));
  }

  async delete(id: string): Promise<void> {
    this.recent.delete(id);
    await this.store.delete(this.key(checkId(id)));
  }

  private opened(id: string, stored: StoredValue): ConnectionRecord | undefined {
    if (stored === undefined) return undefined;
    if (typeof stored !== "string") {
      throw new AttioConnectionError("ATTIO_RECORD_UNREADABLE", "The connection store returned something other than a string.", {
        problem: "malformed",
      });
    }
    const cached = this.recent.get(id);
    if (cached?.text === stored) return cached.record;
    const record = this.sealer.open(id, stored);
    this.remember(id, stored, record);
    return record;
  }

  private remember(id: string, text: string, record: ConnectionRecord): void {
    this.recent.delete(id);
    this.recent.set(id, { text, record });
    if (this.recent.size > MAX_OPENED) this.recent.delete(this.recent.keys().next().value as string);
  }
}

export function notConnected(id: string): AttioGrantError {
  return new AttioGrantError("ATTIO_NOT_CONNECTED", `There is no Attio connection with id ${JSON.stringify(id.slice(0, 100))}.`);
}

/** Ids are the app's choice, but must be usable as part of a store key. */
function checkId(id: unknown): string {
  if (typeof id === "string" && id !== "" && id.length <= MAX_ID_LENGTH) return id;
  throw new AttioGrantError("ATTIO_NOT_CONNECTED", `A connection id is a non-empty string of at most ${MAX_ID_LENGTH} characters.`);
}
