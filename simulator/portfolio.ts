/**
 * The synthetic portfolio: one account at a time from (seed, index), so every playbook sees exactly the
 * same customers and a run needs no memory per account. The true segment drives behaviour; the
 * signals the system sees are generated from it (a `signalNoise` share mislead) and segments.ts turns
 * them into the segment a playbook acts on.
 */
import { assignSegment, SEGMENTS, type Segment, type SegmentAssignment, type SegmentSignals } from '../functions/domain/segments';
import type { Account, Channel } from '../functions/domain/types';
import type { Behaviour } from './behaviour';
import { cumulativeOf, mixSeed, pickWeighted, Rng } from './prng';

/** Places the simulator puts customers: a phone area code and address region in one zone. */
const PLACES: Record<string, ReadonlyArray<{ region: string; areaCode: string; utcOffset: number }>> = {
  US: [
    { region: 'NY', areaCode: '212', utcOffset: -5 },
    { region: 'IL', areaCode: '312', utcOffset: -6 },
    { region: 'CO', areaCode: '303', utcOffset: -7 },
    { region: 'CA', areaCode: '213', utcOffset: -8 },
    { region: 'TX', areaCode: '214', utcOffset: -6 },
    { region: 'FL', areaCode: '305', utcOffset: -5 },
  ],
  'US-MA': [{ region: 'MA', areaCode: '617', utcOffset: -5 }],
  'US-WA': [{ region: 'WA', areaCode: '206', utcOffset: -8 }],
};

export interface SimCustomer {
  index: number;
  trueSegment: Segment;
  assigned: SegmentAssignment;
  signals: SegmentSignals;
  /** Hours from UTC (standard time; DST is ignored by the behaviour model, never by the rules). */
  utcOffset: number;
  worksDays: boolean;
  amountOverdue: number;
  outstanding: number;
  daysPastDue: number;
  /** Contact details that never work. */
  badAddress: Record<Channel, boolean>;
  account: Account;
}

export class PortfolioGenerator {
  private readonly rng = new Rng(1);
  private readonly segCum: number[];
  private readonly jurKeys: string[];
  private readonly jurCum: number[];
  private readonly chanKeys: Channel[] = ['sms', 'email', 'voice'];
  private readonly chanCum: number[];

  constructor(
    private readonly behaviour: Behaviour,
    private readonly seed: number,
    /** When the portfolio is placed (day 0, 00:00 UTC). */
    private readonly start: number,
  ) {
    this.segCum = cumulativeOf(SEGMENTS.map((s) => behaviour.segmentMix[s] ?? 0));
    this.jurKeys = Object.keys(behaviour.jurisdictions).filter((j) => PLACES[j]);
    if (this.jurKeys.length === 0) this.jurKeys = ['US'];
    this.jurCum = cumulativeOf(this.jurKeys.map((j) => behaviour.jurisdictions[j] ?? 0));
    const pc = behaviour.preferredChannel;
    this.chanCum = cumulativeOf([pc.sms, pc.email, pc.voice]);
  }

  static supportedJurisdictions(): string[] {
    return Object.keys(PLACES);
  }

  generate(index: number): SimCustomer {
    const r = this.rng;
    const b = this.behaviour;
    r.reseed(mixSeed(this.seed, index, 0x5eed));
    const trueSegment = pickWeighted(SEGMENTS, this.segCum, r.next());
    const sb = b.segments[trueSegment];
    const jurisdiction = pickWeighted(this.jurKeys, this.jurCum, r.next());
    const places = PLACES[jurisdiction];
    const place = places[Math.floor(r.next() * places.length)];
    const raw = b.balance.median * Math.exp(b.balance.sigma * r.normal());
    const amountOverdue = Math.round(Math.min(b.balance.max, Math.max(b.balance.min, raw)) * 100) / 100;
    const outstanding = Math.round(amountOverdue * (1 + (b.balance.outstandingFactor - 1) * r.next()) * 100) / 100;
    const daysPastDue = r.int(b.daysPastDueAtPlacement.min, b.daysPastDueAtPlacement.max);
    // A misleading signal set: the signals of another segment.
    const shown = r.next() < b.signalNoise ? pickWeighted(SEGMENTS, this.segCum, r.next()) : trueSegment;
    const signals = signalsFor(shown, daysPastDue, r);
    const assigned = assignSegment(signals);
    const badAddress = { sms: r.next() < sb.badAddress, email: r.next() < sb.badAddress, voice: false };
    badAddress.voice = badAddress.sms;
    const preferredChannel = pickWeighted(this.chanKeys, this.chanCum, r.next());
    const worksDays = r.next() < b.workingHoursShare;
    // Placed at a random minute of day 0; the journey starts then.
    const openedAt = new Date(this.start + Math.floor(r.next() * 1440) * 60_000).toISOString();
    const recordedVulnerable = trueSegment === 'vulnerable' && r.next() < b.vulnerableRecordedShare;
    const dueDate = new Date(this.start - daysPastDue * 86_400_000).toISOString().slice(0, 10);
    const line = String(1000000 + (index % 9000000)).slice(-7);
    const account: Account = {
      accountId: `sim-${index}`,
      cycleId: 'sim',
      status: 'overdue',
      customer: {
        firstName: 'Sam',
        phone: `+1${place.areaCode}${line}`,
        email: `c${index}@example.com`,
        preferredChannel,
        address: { country: 'US', region: place.region },
        language: r.next() < 0.15 ? 'es' : 'en',
      },
      balance: amountOverdue,
      amountOverdue,
      currency: 'USD',
      dueDate,
      creditorName: 'Northwind Energy',
      jurisdiction,
      channels: { sms: { optedOut: false }, email: { optedOut: false }, voice: { optedOut: false } },
      openedAt,
      updatedAt: openedAt,
    };
    if (recordedVulnerable) {
      // Recorded and reviewed by a person, who agreed to gentle automated contact.
      account.compliance = { vulnerability: { drivers: ['life-events'], recordedAt: openedAt, reviewedByPersonAt: openedAt } };
    }
    return {
      index,
      trueSegment,
      assigned,
      signals,
      utcOffset: place.utcOffset,
      worksDays,
      amountOverdue,
      outstanding,
      daysPastDue,
      badAddress,
      account,
    };
  }
}

/** The signals a customer of a segment typically shows. */
function signalsFor(segment: Segment, daysPastDue: number, r: Rng): SegmentSignals {
  switch (segment) {
    case 'likely-self-cure':
      return { daysPastDue, onTimeStreak: r.int(3, 24), latePaymentsLast12Months: r.int(0, 1), propensityToPay: 0.6 + 0.4 * r.next() };
    case 'early-hardship':
      return r.next() < 0.6
        ? { daysPastDue, hardshipDeclared: true, onTimeStreak: r.int(0, 12) }
        : { daysPastDue, partialPayments: r.int(1, 3), onTimeStreak: 0, propensityToPay: 0.1 + 0.2 * r.next() };
    case 'chronic-late-payer':
      return { daysPastDue, latePaymentsLast12Months: r.int(3, 10), onTimeStreak: 0, propensityToPay: 0.3 + 0.4 * r.next() };
    case 'broken-promise':
      return { daysPastDue, promisesBroken: r.int(1, 3), promisesKept: 0, latePaymentsLast12Months: r.int(1, 6) };
    case 'unreachable':
      return { daysPastDue, engagement: { attempts: r.int(3, 8), delivered: r.int(0, 3), opened: 0, clicked: 0, replied: 0 } };
    case 'disputing':
      return { daysPastDue, disputing: true };
    case 'vulnerable':
      return r.next() < 0.5 ? { daysPastDue, vulnerable: true } : { daysPastDue, lifeEvent: true, hardshipDeclared: true };
  }
}
