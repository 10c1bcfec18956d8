/** What the example app keeps in the session besides passport's user, typed for express-session. */
import type { Notice } from "./views/notice";
import type { SignInFailure } from "./failures";

declare module "express-session" {
  interface SessionData {
    /** Why the last sign-in failed, shown once by /auth/failed. */
    signInFailure: SignInFailure;
    /** The outcome of the last action, shown once on the next page. */
    notice: Notice;
  }
}

export {};
