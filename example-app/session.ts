/** What the example app keeps in the session besides passport's user, typed for express-session. */
import type { AttioTokens } from "./account";
import type { Notice } from "./views/notice";
import type { SignInFailure } from "./failures";

declare module "express-session" {
  interface SessionData {
    /** The sign-in's tokens: server-side only, used by the token actions. */
    attioTokens: AttioTokens;
    /** Why the last sign-in failed, shown once by /auth/failed. */
    signInFailure: SignInFailure;
    /** The outcome of the last token action, shown once on the profile page. */
    notice: Notice;
  }
}

export {};
