import type { SkipUserProfileOption } from "./options";

/** Evaluates `skipUserProfile` in any of the forms passport-oauth2 accepts. */
export function shouldSkipProfile(option: SkipUserProfileOption, accessToken: string): Promise<boolean> {
  if (typeof option === "boolean") return Promise.resolve(option);
  if (option.length > 1) {
    const withCallback = option as (accessToken: string, done: (err: unknown, skip?: boolean) => void) => void;
    return new Promise((resolve, reject) => withCallback(accessToken, (err, skip) => (err ? reject(err) : resolve(Boolean(skip)))));
  }
  const direct = option as (accessToken: string) => boolean | Promise<boolean>;
  return Promise.resolve()
    .then(() => direct(accessToken))
    .then(Boolean);
}
