/**
 * Paired differences between two strategies. Every strategy meets the same customers with the same
 * random draws (common random numbers), so a difference is best estimated account by account: much of
 * what varies between customers (who self-cures, who never answers) cancels, and the interval narrows to
 * what the strategy changed.
 *
 * Each KPI but the median is a ratio of sums over accounts, sum(y) / sum(x) (a rate: cured / 1; a
 * per-contact share: disputed / contacted; money: collected / outstanding). The difference of two such
 * ratios over the same accounts gets its interval from the delta method: the per-account influence
 *   u_i = (ya_i - Ra xa_i) / mean(xa) - (yb_i - Rb xb_i) / mean(xb)
 * has mean zero and var(Ra - Rb) = sum(u_i^2) / (n (n - 1)); its cross terms are what makes it paired.
 */
import { Z95, type Estimate } from '../functions/domain/experiments';
import { KPI_NAMES, type AccountOutcome, type KpiName } from './kpis';

/** The KPIs compared pair by pair: all but the complaint-to-resolution median (not a ratio of sums). */
type PairedKpi = Exclude<KpiName, 'complaint-to-resolution time'>;
export const PAIRED_KPIS = KPI_NAMES.filter((n): n is PairedKpi => n !== 'complaint-to-resolution time');
const K = PAIRED_KPIS.length;

/** Per account, each paired KPI's numerator and denominator, in PAIRED_KPIS order. */
const TERMS: Record<PairedKpi, (o: AccountOutcome) => readonly [number, number]> = {
  'recovery rate': (o) => [o.collected, o.outstanding],
  'liquidation rate': (o) => [o.collected, o.placed],
  'cure rate': (o) => [o.cured ? 1 : 0, 1],
  'self-cure rate': (o) => [o.selfCured ? 1 : 0, 1],
  'roll rate': (o) => [o.rolled, o.placed],
  'promise-to-pay rate': (o) => [o.promises, o.rightPartyContacts],
  'promise kept rate': (o) => [o.promisesKept, o.promisesDue],
  'right-party contact rate': (o) => [o.rightPartyContacts, o.attempts],
  'first-contact resolution': (o) => [o.firstContactResolved ? 1 : 0, o.contacted ? 1 : 0],
  'complaints per 1,000 accounts': (o) => [o.complaints * 1000, 1],
  CSAT: (o) => [o.surveyScore ?? 0, o.surveyScore === undefined ? 0 : 1],
  'CSAT response rate': (o) => [o.surveyScore === undefined ? 0 : 1, o.surveySent ? 1 : 0],
  'opt-out rate': (o) => [o.optedOut ? 1 : 0, o.contacted ? 1 : 0],
  'dispute rate': (o) => [o.disputed ? 1 : 0, o.contacted ? 1 : 0],
  'escalation rate': (o) => [o.escalated ? 1 : 0, o.contacted ? 1 : 0],
  'messages per $ collected': (o) => [o.messages, o.collected],
  'cost to collect': (o) => [o.cost, o.collected],
  'hand-offs per 1,000 accounts': (o) => [o.escalated ? 1000 : 0, 1],
  'no-response rate': (o) => [o.noResponse ? 1 : 0, 1],
  'agent hours per 1,000 accounts': (o) => [(o.agentMinutes / 60) * 1000, 1],
  'people cost per 1,000 accounts': (o) => [o.peopleCost * 1000, 1],
};

/** An account's numerators and denominators: [y0, x0, y1, x1, ...]. */
export function accountTerms(o: AccountOutcome, out: Float64Array = new Float64Array(2 * K)): Float64Array {
  for (let k = 0; k < K; k++) {
    const [y, x] = TERMS[PAIRED_KPIS[k]](o);
    out[2 * k] = y;
    out[2 * k + 1] = x;
  }
  return out;
}

/** Sums per KPI: ya, xa, yb, xb, then the ten second moments the influence variance needs. */
const S = 14;

/** Running sums for strategy a against strategy b over the same accounts. */
export class PairedSums {
  n = 0;
  readonly sums = new Float64Array(K * S);

  add(a: Float64Array, b: Float64Array): void {
    this.n++;
    const s = this.sums;
    for (let k = 0; k < K; k++) {
      const ya = a[2 * k];
      const xa = a[2 * k + 1];
      const yb = b[2 * k];
      const xb = b[2 * k + 1];
      const i = k * S;
      s[i] += ya;
      s[i + 1] += xa;
      s[i + 2] += yb;
      s[i + 3] += xb;
      s[i + 4] += ya * ya;
      s[i + 5] += xa * xa;
      s[i + 6] += ya * xa;
      s[i + 7] += yb * yb;
      s[i + 8] += xb * xb;
      s[i + 9] += yb * xb;
      s[i + 10] += ya * yb;
      s[i + 11] += ya * xb;
      s[i + 12] += xa * yb;
      s[i + 13] += xa * xb;
    }
  }

  /** Ra - Rb with its 95% interval; n 0 when either ratio has no denominator (not comparable). */
  difference(kpi: KpiName): Estimate {
    const k = (PAIRED_KPIS as readonly KpiName[]).indexOf(kpi);
    if (k < 0) throw new Error(`${kpi} is not compared pair by pair`);
    const [ya, xa, yb, xb, yaya, xaxa, yaxa, ybyb, xbxb, ybxb, yayb, yaxb, xayb, xaxb] = this.sums.subarray(k * S, k * S + S);
    const n = this.n;
    if (n === 0 || xa === 0 || xb === 0) return { value: 0, low: 0, high: 0, n: 0 };
    const ra = ya / xa;
    const rb = yb / xb;
    const ma = xa / n;
    const mb = xb / n;
    const ssa = yaya - 2 * ra * yaxa + ra * ra * xaxa;
    const ssb = ybyb - 2 * rb * ybxb + rb * rb * xbxb;
    const cross = yayb - rb * yaxb - ra * xayb + ra * rb * xaxb;
    const suu = Math.max(0, ssa / (ma * ma) + ssb / (mb * mb) - (2 * cross) / (ma * mb));
    const half = n > 1 ? Z95 * Math.sqrt(suu / (n * (n - 1))) : 0;
    const d = ra - rb;
    return { value: d, low: d - half, high: d + half, n };
  }
}

/** Paired sums for every pair of strategies (i < j), filled account by account as a simulation runs. */
export class PairedComparisons {
  private readonly pairs: PairedSums[][];
  private readonly terms: Float64Array[];

  constructor(readonly strategies: number) {
    this.pairs = Array.from({ length: strategies }, (_, i) =>
      Array.from({ length: strategies }, (__, j) => (j > i ? new PairedSums() : null)),
    ).map((row) => row.filter((x): x is PairedSums => x !== null));
    this.terms = Array.from({ length: strategies }, () => new Float64Array(2 * K));
  }

  /** One customer's outcome under every strategy, in strategy order. */
  add(outcomes: readonly AccountOutcome[]): void {
    outcomes.forEach((o, i) => accountTerms(o, this.terms[i]));
    for (let i = 0; i < this.strategies; i++)
      for (let j = i + 1; j < this.strategies; j++) this.pairs[i][j - i - 1].add(this.terms[i], this.terms[j]);
  }

  /** Strategy a minus strategy b on a KPI, paired. */
  difference(a: number, b: number, kpi: KpiName): Estimate {
    if (a === b) throw new Error('a strategy is not compared with itself');
    if (a < b) return this.pairs[a][b - a - 1].difference(kpi);
    const d = this.pairs[b][a - b - 1].difference(kpi);
    return { value: -d.value, low: -d.high, high: -d.low, n: d.n };
  }
}
