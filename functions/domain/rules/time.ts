export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;

/** Waits land on whole minutes: easier to read in a timeline, and never earlier than the rule allows. */
export function ceilToMinute(ms: number): Date {
  return new Date(Math.ceil(ms / MINUTE_MS) * MINUTE_MS);
}
