/**
 * The pre-due stage in the simulator: a share of the portfolio's bills is seen before its due date
 * (the billing system sends PaymentDueSoon); for the segments a playbook's `preDue` block names, the
 * SAME decidePreDue() the journeys use picks the reminder's time and channel (or none), and the
 * behaviour model's `preDue` parameters say what a reached customer does: pay before the due date,
 * choose a date or a plan on the portal, complain or opt out. The row it adds to the report: the
 * roll rate (the share of seen bills that still become overdue with nothing arranged) and the complaints
 * the reminders draw. Every account in the portfolio went overdue WITHOUT a reminder, so a strategy
 * without a preDue block rolls them all: the row shows what the reminder changes, nothing more.
 */
import { decidePreDue } from '../functions/domain/pre-due/decide-pre-due';
import { preDueFor } from '../functions/domain/pre-due/playbook';
import type { Playbook } from '../functions/domain/playbook';
import { wilson, type Estimate } from '../functions/domain/experiments';
import type { Account, HistoryEntry } from '../functions/domain/types';
import type { Behaviour } from './behaviour';
import type { SimCustomer } from './portfolio';
import { mixSeed, Rng } from './prng';

const DAY = 86_400_000;

export interface PreDueRow {
  strategy: string;
  seen: number;
  reminded: number;
  paidBeforeDue: number;
  arranged: number;
  complaints: number;
  optOuts: number;
  /** Share of seen bills that become overdue with nothing arranged. */
  rollRate: Estimate;
  /** Complaints per 1,000 seen bills drawn by the reminders. */
  complaintsPer1000: number;
}

/** A bill due `noticeDays` after placement at 10:00 UTC, decided as the live pre-due journey decides it. */
function reminderAction(c: SimCustomer, playbook: Playbook, preDue: NonNullable<Playbook['preDue']>, noticeDays: number, start: number) {
  const openedAt = new Date(start + 10 * 3_600_000).toISOString();
  const dueDate = new Date(start + noticeDays * DAY).toISOString().slice(0, 10);
  const account: Account = { ...c.account, dueDate, openedAt, compliance: undefined };
  const history: HistoryEntry[] = [];
  let now = Date.parse(openedAt);
  for (let i = 0; i < 20; i++) {
    const action = decidePreDue({ account, history, playbook, now: new Date(now), preDue }).action;
    if (action.type !== 'wait') return action;
    now = Date.parse(action.until);
  }
  return undefined;
}

/** One strategy's pre-due stage over the portfolio, customer by customer. */
export class PreDueModel {
  private readonly rng = new Rng(1);
  private seen = 0;
  private reminded = 0;
  private paidBeforeDue = 0;
  private arranged = 0;
  private complaints = 0;
  private optOuts = 0;

  constructor(
    private readonly name: string,
    private readonly playbook: Playbook | null,
    private readonly b: Behaviour,
    private readonly seed: number,
    private readonly start: number,
  ) {}

  run(c: SimCustomer): void {
    const pb = this.b.preDue;
    if (!pb) return;
    // Its own stream: the overdue journey's numbers are the same with or without this model.
    this.rng.reseed(mixSeed(this.seed, c.index, 0x9d0e));
    if (this.rng.next() >= pb.seenShare) return;
    this.seen++;
    const preDue = this.playbook ? preDueFor(this.playbook, c.assigned.segment) : undefined;
    if (!this.playbook || !preDue) return;
    const action = reminderAction(c, this.playbook, preDue, pb.noticeDays, this.start);
    if (action?.type !== 'contact') return;
    this.reminded++;
    const sb = this.b.segments[c.trueSegment];
    if (c.badAddress[action.channel] || this.rng.next() >= sb.reach[action.channel]) return;
    const harm = pb.harmFactor * this.b.tone.friendly.harm;
    if (this.rng.next() < Math.min(1, sb.complain * harm)) this.complaints++;
    if (this.rng.next() < Math.min(1, sb.optOut * harm)) return void this.optOuts++;
    const u = this.rng.next();
    if (u < pb.payOnReminder) this.paidBeforeDue++;
    else if (u < pb.payOnReminder + (1 - pb.payOnReminder) * pb.arrangeOnReminder) this.arranged++;
  }

  result(): PreDueRow {
    const rolled = this.seen - this.paidBeforeDue - this.arranged;
    return {
      strategy: this.name,
      seen: this.seen,
      reminded: this.reminded,
      paidBeforeDue: this.paidBeforeDue,
      arranged: this.arranged,
      complaints: this.complaints,
      optOuts: this.optOuts,
      rollRate: wilson(rolled, this.seen),
      complaintsPer1000: this.seen ? (this.complaints * 1000) / this.seen : 0,
    };
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The report's rows, one per strategy, as text. */
export function preDueText(rows: readonly PreDueRow[]): string {
  if (rows.length === 0 || rows.every((r) => r.seen === 0)) return '';
  const lines = [
    'pre-due (bills seen before the due date)'.padEnd(44) +
      'roll rate [95%]'.padEnd(26) +
      'reminded  paid early  arranged  complaints/1,000',
  ];
  for (const r of rows) {
    const roll = `${pct(r.rollRate.value)} [${pct(r.rollRate.low)}, ${pct(r.rollRate.high)}]`;
    lines.push(
      `  ${r.strategy} (${r.seen} seen)`.padEnd(44) +
        roll.padEnd(26) +
        `${String(r.reminded).padEnd(10)}${String(r.paidBeforeDue).padEnd(12)}${String(r.arranged).padEnd(10)}${r.complaintsPer1000.toFixed(1)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The report's section: one row per strategy. */
export function preDueSection(rows: readonly PreDueRow[]): string {
  if (rows.length === 0 || rows.every((r) => r.seen === 0)) return '';
  const body = rows
    .map(
      (r) =>
        `<tr><th scope="row">${escapeHtml(r.strategy)}</th><td>${r.seen}</td><td>${r.reminded}</td><td>${r.paidBeforeDue}</td><td>${r.arranged}</td>` +
        `<td>${pct(r.rollRate.value)} [${pct(r.rollRate.low)}, ${pct(r.rollRate.high)}]</td><td>${r.complaintsPer1000.toFixed(1)}</td></tr>`,
    )
    .join('\n');
  return `<h2>Before the due date</h2>
<p>Bills the billing system announced before their due date (PaymentDueSoon). Roll rate: the share that still became overdue with nothing paid or arranged (95% interval). Every simulated account went overdue without a reminder, so a strategy with no pre-due reminder rolls them all.</p>
<table><thead><tr><th scope="col">strategy</th><th scope="col">bills seen</th><th scope="col">reminded</th><th scope="col">paid before due</th><th scope="col">date or plan chosen</th><th scope="col">roll rate</th><th scope="col">complaints per 1,000 seen</th></tr></thead>
<tbody>
${body}
</tbody></table>`;
}
