/** Bridges a promise to a Node-style callback. */

/**
 * Settles `callback` from `promise`, outside the promise chain, so that an
 * exception thrown by the callback is not turned into an unhandled rejection.
 */
export function toCallback<T>(promise: Promise<T>, callback: (err: unknown, value?: T) => void): void {
  promise.then(
    (value) => process.nextTick(callback, null, value),
    (err: unknown) => process.nextTick(callback, err),
  );
}
