/**
 * Secrets of every character class an encoding treats specially (+ / = ~ ! % &,
 * space, both quotes, < >, non-ASCII letters and an astral emoji), and the ways a
 * remote party may echo one: whole or in part, in each encoding.
 */
import fc from "fast-check";
import { writtenForms } from "./leaks";

/** One of each special class, so that every generated secret carries all of them. */
const EVERY_CLASS = "+/=~!%& \"'<>üß漢😀";
const PLAIN = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._";

/** A secret of 24 to 60 characters holding every special class, in a generated order. */
export const secretOfEveryClass: fc.Arbitrary<string> = fc
  .tuple(
    fc.array(fc.constantFrom(...PLAIN, ...EVERY_CLASS), { minLength: 8, maxLength: 30 }),
    fc.shuffledSubarray([...EVERY_CLASS], { minLength: [...EVERY_CLASS].length }),
    fc.array(fc.constantFrom(...PLAIN), { minLength: 4, maxLength: 16 }),
  )
  .map(([mixed, specials, plain]) => [...plain, ...specials, ...mixed].join(""));

/** A fixed secret of every class, for apps built once per suite. */
export const FIXED_SECRET_OF_EVERY_CLASS = `Kx9+Lm3/Zp7=Vt4~Rw6!Ys1%Nc5&Hd0 F"q'<a>üß漢😀-end`;

export type Echo = (secret: string) => string;

/** Each way an echo may carry `secret`: its written forms, whole and in part (at least 16 characters). */
export const ECHOES: Readonly<Record<string, Echo>> = {
  ...Object.fromEntries(writtenForms(FIXED_SECRET_OF_EVERY_CLASS).map((_, index) => [`form ${index}`, (s: string) => formAt(s, index)])),
  "first 20 characters": (s) => [...s].slice(0, 20).join(""),
  "middle 18 characters": (s) => [...s].slice(3, 21).join(""),
  "last 17 characters of the percent form": (s) => encodeURIComponent(s).slice(-17),
  "HTML-escaped percent form": (s) => encodeURIComponent(s).replace(/%/g, "&#37;"),
  "JSON-escaped form encoding": (s) => JSON.stringify(new URLSearchParams({ s }).toString().slice(2)).slice(1, -1),
  "as client_secret=": (s) => `client_secret=${new URLSearchParams({ s }).toString().slice(2)}`,
  "as code_verifier in JSON": (s) => JSON.stringify({ code_verifier: s }),
};

function formAt(secret: string, index: number): string {
  return writtenForms(secret)[index] ?? secret;
}

/** The names of {@link ECHOES}, for fast-check. */
export const echoName: fc.Arbitrary<string> = fc.constantFrom(...Object.keys(ECHOES));
