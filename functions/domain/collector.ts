/**
 * Who the deployment is, for the contact rules, and how it names itself in a voicemail. A third-party
 * debt collector is bound by Regulation F (12 CFR 1006), whose window and caps are a floor no overlay
 * can loosen; a first-party creditor collecting its own debts is outside the FDCPA, so only the rules a
 * profile marks as applying to creditors (`firstPartyCreditor` in ../jurisdictions/*.json) apply.
 */
import * as z from './zod';

export const COLLECTOR_TYPES = ['first-party-creditor', 'debt-collector'] as const;
export type CollectorType = (typeof COLLECTOR_TYPES)[number];
/** Where nothing says who the deployment is, the stricter reading: Regulation F binds it. */
export const DEFAULT_COLLECTOR_TYPE: CollectorType = 'debt-collector';

export const collectorTypeSchema = z.enum(COLLECTOR_TYPES, { error: `one of ${COLLECTOR_TYPES.join(', ')}` });

/**
 * Words that tell a listener the caller collects debts (English and Spanish). A limited-content
 * voicemail may name the business only by a name that does not (12 CFR 1006.2(j)).
 */
const DEBT_REVEALING_NAME =
  /\b(collect\w*|debts?|recover(y|ies)|arrears|overdue|delinquen\w*|past[- ]due|receivables?|cobranzas?|cobros?|cobrador\w*|deudas?|recuperaci[oó]n\w*|recuperadora\w*|morosidad|morosos?|atrasos?|impagad\w*|vencid\w*)\b/i;

/** The word in a business name that reveals debt collection, or undefined when the name is safe to speak. */
export function debtRevealingWord(name: string): string | undefined {
  return DEBT_REVEALING_NAME.exec(name)?.[0];
}

/** A business name a voicemail may speak: checked wherever it is configured (stage config, playbook). */
export const voicemailBusinessNameSchema = z.string().check(
  z.trim(),
  z.minLength(1),
  z.maxLength(80),
  z.superRefine((name, ctx) => {
    const word = debtRevealingWord(name);
    if (word) {
      ctx.addIssue({
        code: 'custom',
        message: `says "${word}": a voicemail must not reveal that the caller collects debts (12 CFR 1006.2(j)); use a name without it`,
      });
    }
  }),
);

export type VoicemailName = { ok: true; name: string } | { ok: false; problem: string };

/**
 * The business name a voicemail speaks: the configured voicemail-safe name, else the creditor's name
 * when it is safe; otherwise no voicemail may be left, and the problem says why (without the name).
 */
export function voicemailName(creditorName: string, configured: string | undefined): VoicemailName {
  if (configured !== undefined) {
    const word = debtRevealingWord(configured);
    return word ? { ok: false, problem: `the configured voicemail business name says "${word}"` } : { ok: true, name: configured };
  }
  const word = debtRevealingWord(creditorName);
  return word
    ? {
        ok: false,
        problem: `the creditor name says "${word}" and no voicemailBusinessName is configured (stage config or playbook)`,
      }
    : { ok: true, name: creditorName };
}
