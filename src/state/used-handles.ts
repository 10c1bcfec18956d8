/**
 * The state handles this process has already accepted, kept until their cookie
 * would have expired anyway. The browser deletes a used cookie; this also stops
 * a copy of it from being replayed against the same process. It is a bounded,
 * per-process defence: other instances do not see it.
 */
export class UsedHandles {
  /** Handle → epoch ms after which its cookie is refused as expired anyway. Insertion order ≈ expiry order. */
  private readonly expiries = new Map<string, number>();

  constructor(private readonly capacity: number) {}

  /** Records `handle` as used; false when it already was. */
  claim(handle: string, expiresAt: number, now: number): boolean {
    this.prune(now);
    if (this.expiries.has(handle)) return false;
    this.expiries.set(handle, expiresAt);
    return true;
  }

  private prune(now: number): void {
    for (const [handle, expiresAt] of this.expiries) {
      // Past the oldest live entry nothing more has expired, unless full.
      if (expiresAt > now && this.expiries.size < this.capacity) return;
      this.expiries.delete(handle);
    }
  }
}
