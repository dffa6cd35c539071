/**
 * `amicable playbook validate <file> [--max-grade <n>]`: every problem with its path (exit 2), or one OK
 * line, then the readability lint of the templates the playbook's steps use (all segments): one
 * "readability: ok" line (exit 0), or one line per text above the grade limit (exit 2). The readability
 * lines go to stderr, as diagnostics, so the OK line stays the one line on stdout.
 * `amicable playbook explain <file>`: the journey per segment in plain words, for a manager.
 */
import { playbookForSegment, type Playbook, type PlaybookStep } from '../functions/domain/playbook';
import { DEFAULT_MAX_GRADE, readabilityProblems, templateReadability } from '../functions/domain/readability';
import { SEGMENT_LABELS, SEGMENTS, type Segment } from '../functions/domain/segments';
import { readPlaybookFile } from '../simulator/load';

export class PlaybookCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaybookCommandError';
  }
}

type Out = { write(text: string): unknown };

async function load(file: string): Promise<Playbook> {
  const { playbook, problems } = await readPlaybookFile(file);
  if (!playbook) {
    const lines = problems.length === 1 && problems[0].startsWith('cannot read') ? problems : problems.map((p) => `${file}: ${p}`);
    throw new PlaybookCommandError(
      lines.length === 1 ? `invalid playbook ${lines[0]}` : `invalid playbook ${file} (${lines.length} problems):\n${lines.join('\n')}`,
    );
  }
  return playbook;
}

/** Every template a playbook's steps use, its own and every segment's, in order of first use. */
export function playbookTemplates(p: Playbook): string[] {
  const steps = [...p.steps, ...Object.values(p.segments ?? {}).flatMap((o) => o?.steps ?? [])];
  return [...new Set(steps.map((s) => s.template))];
}

/** The readability lint of a playbook's templates: one ok line, or one line per problem. */
export function playbookReadability(p: Playbook, maxGrade: number = DEFAULT_MAX_GRADE): { ok: boolean; lines: string[] } {
  const templates = playbookTemplates(p);
  const problems = readabilityProblems(templates, maxGrade);
  if (problems.length > 0) {
    return {
      ok: false,
      lines: problems.map(
        (q) =>
          `readability: ${q.template} (${q.language}, ${q.channel}) reads at grade ${q.grade.toFixed(1)}; aim for ${maxGrade} or lower`,
      ),
    };
  }
  const scores = templateReadability(templates);
  const top = scores.reduce((a, b) => (b.score.grade > a.score.grade ? b : a), scores[0]);
  return {
    ok: true,
    lines: [
      top
        ? `readability: ok (highest grade ${top.score.grade.toFixed(1)}: ${top.template} ${top.language} ${top.channel})`
        : 'readability: ok (no texts)',
    ],
  };
}

export async function playbookValidate(
  file: string,
  out: Out = process.stdout,
  options: { maxGrade?: number; err?: Out } = {},
): Promise<number> {
  const p = await load(file);
  const overrides = Object.keys(p.segments ?? {}).length;
  out.write(
    `OK: ${file} is a valid playbook: ${p.id} version ${p.version}, ${p.steps.length} steps${overrides ? `, ${overrides} segment journey${overrides === 1 ? '' : 's'}` : ''}\n`,
  );
  const lint = playbookReadability(p, options.maxGrade);
  (options.err ?? process.stderr).write(`${lint.lines.join('\n')}\n`);
  return lint.ok ? 0 : 2;
}

const CHANNEL_WORDS = { sms: 'text message', email: 'email', voice: 'phone call' } as const;
const TONE_WORDS = { friendly: 'friendly', clear: 'clear, firm', supportive: 'supportive' } as const;

function channelWords(step: PlaybookStep, order: Playbook['channelOrder']): string {
  const list = order.map((c) => CHANNEL_WORDS[c]);
  if (step.channel === 'preferred') return `on the customer's preferred channel (else ${list[0]})`;
  if (step.channel === 'next') return 'on a different channel from the last message';
  const rest = order.filter((c) => c !== step.channel).map((c) => CHANNEL_WORDS[c]);
  return `by ${CHANNEL_WORDS[step.channel]}${rest.length ? ` (${rest.join(', then ')} if that cannot be used)` : ''}`;
}

function describeJourney(p: Playbook, segment: Segment | undefined, base: Playbook): string[] {
  const j = playbookForSegment(p, segment);
  const lines: string[] = [];
  let day = 0;
  j.steps.forEach((s, i) => {
    day += s.afterDays;
    const when =
      i === 0
        ? s.afterDays === 0
          ? 'Right away'
          : `After ${s.afterDays} days`
        : `${s.afterDays} day${s.afterDays === 1 ? '' : 's'} later (day ${day})`;
    const person =
      s.offerPerson ||
      (base.whenToOfferPerson?.fromStep !== undefined && i + 1 >= base.whenToOfferPerson.fromStep) ||
      (segment !== undefined && base.whenToOfferPerson?.segments.includes(segment));
    lines.push(
      `  ${i + 1}. ${when}: a ${TONE_WORDS[s.tone]} message ("${s.template}") ${channelWords(s, j.channelOrder)}${person ? ', offering a person to talk to' : ''}.`,
    );
  });
  lines.push(
    `  Then: if nothing is resolved ${j.handOffAfterDays} day${j.handOffAfterDays === 1 ? '' : 's'} after the last message, ${cadenceEnd(j.endOfCadence)}.`,
  );
  return lines;
}

/** How an unanswered cadence ends, in words (playbook.ts endOfCadence). */
function cadenceEnd(end: Playbook['endOfCadence']): string {
  if (end?.action !== 'no-response') return 'a person takes over';
  const next = `the cycle ends as no response and the account goes to the next step: ${end.nextStep}`;
  return end.handOffFromBalance === undefined
    ? next
    : `a person takes over when the balance is ${end.handOffFromBalance} or more; otherwise ${next}`;
}

export function explainPlaybook(p: Playbook): string {
  const out: string[] = [`${p.name} (${p.id}, version ${p.version})`, p.description, ''];
  out.push(
    `Channels it may use, in order of fallback: ${p.channelOrder.map((c) => CHANNEL_WORDS[c]).join(', ')}. The compliance rules (hours, caps, consent, opt-outs, disputes) apply to every message.`,
  );
  const o = p.offers;
  if (o) {
    const parts: string[] = [];
    if (o.planLengthsMonths.length) parts.push(`a plan over ${o.planLengthsMonths.join(', ')} months`);
    if (o.paymentDateChoiceDays) parts.push(`a payment date of their choosing up to ${o.paymentDateChoiceDays} days ahead`);
    if (o.settlementMinPercent !== undefined) parts.push(`a settlement of at least ${o.settlementMinPercent}% of the balance`);
    if (parts.length) out.push(`Customers may choose ${parts.join('; ')}.`);
  }
  const w = p.whenToOfferPerson;
  if (w) {
    const parts: string[] = [];
    if (w.fromStep !== undefined) parts.push(`from message ${w.fromStep} on`);
    if (w.segments.length)
      parts.push(`from the first message for ${w.segments.map((s) => SEGMENT_LABELS[s].toLowerCase()).join(' and ')} customers`);
    if (w.onReply) parts.push('whenever the customer replies');
    if (parts.length) out.push(`A person is offered ${parts.join(', ')}.`);
  }
  const s = p.stopWhen;
  if (s) {
    const parts: string[] = [];
    if (s.maxMessages !== undefined) parts.push(`after ${s.maxMessages} messages`);
    if (s.maxDays !== undefined) parts.push(`${s.maxDays} days after the start`);
    if (s.optedOutChannels !== undefined)
      parts.push(`when the customer opted out of ${s.optedOutChannels} channel${s.optedOutChannels === 1 ? '' : 's'}`);
    if (parts.length)
      out.push(`Outreach stops ${parts.join(', or ')} (and always when the account is paid, on a plan, disputed or handed to a person).`);
  }
  out.push('');
  const custom = SEGMENTS.filter((g) => p.segments?.[g]);
  const shared = SEGMENTS.filter((g) => !p.segments?.[g]);
  for (const g of custom) {
    out.push(`${SEGMENT_LABELS[g]}:${p.segments?.[g]?.description ? ` ${p.segments[g]!.description}` : ''}`);
    out.push(...describeJourney(p, g, p));
    out.push('');
  }
  out.push(
    custom.length === 0
      ? 'Every segment gets the same journey:'
      : `${shared.map((g) => SEGMENT_LABELS[g]).join(', ')}: the standard journey:`,
  );
  out.push(...describeJourney(p, undefined, p));
  return `${out.join('\n')}\n`;
}

export async function playbookExplain(file: string, out: Out = process.stdout): Promise<number> {
  out.write(explainPlaybook(await load(file)));
  return 0;
}
