/**
 * The daily reconciliation sweep (application/sweep.ts). In AWS the sweep state machine (lib/sweep.ts)
 * runs it shard by shard, a few shards at once: each invocation is given `{ shard, cursor?, totals? }`,
 * sweeps until its time is nearly up and answers with the cursor to carry on from (absent when the shard
 * is done); a last invocation `{ shards: [...] }` adds up every shard's totals for the gauge and the log.
 * Anything else (a scheduled event, the local run's sweep) sweeps every shard here, one after another.
 */
import type { Context } from 'aws-lambda';
import * as z from './domain/zod';
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsPortal } from './commons/aws-portal';
import { awsChannels } from './commons/aws-channels';
import { awsBus } from './commons/aws-bus';
import { awsJourneys } from './commons/aws-journeys';
import type { Dependencies } from './commons/dependencies';
import { parseInput } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { countMetric, logger, METRIC } from './commons/powertools';
import { ALL_SWEEP_SHARDS, SWEEP_CONCURRENCY, SWEEP_LANES, SWEEP_SHARDS, type SweepCursor } from './domain/sweep-shards';
import { addTotals, NO_TOTALS, sweepLimits, sweepShard, type SweepTotals } from './application/sweep';

/** The whole sweep's totals; a shard's run answers with its shard and, unless it is done, its cursor. */
export type SweepResult = SweepTotals & { shard?: number; cursor?: SweepCursor };

/** A run stops taking new work this long before its timeout: a page's work fits in it. */
export const SWEEP_RUN_MARGIN_MS = 90_000;

const count = z.number().check(z.int(), z.nonnegative());
const shardSchema = z.number().check(z.int(), z.gte(0), z.lte(SWEEP_SHARDS - 1));
/** A shard's answer, which is also the input of its next run (the state machine loops it back). */
const shardAnswerSchema = z.strictObject({
  shard: shardSchema,
  cursor: z.optional(z.strictObject({ lane: z.enum(SWEEP_LANES), after: z.optional(z.record(z.string(), z.string())) })),
  journeysStarted: count,
  unconfirmedClaims: count,
  unknownSurfaced: count,
  settledNotSent: count,
  pendingEffects: count,
});
/** The first run of a shard (the Map's item), or a later one carrying on from the previous answer. */
const shardInputSchema = z.union([z.strictObject({ shard: shardSchema }), shardAnswerSchema]);
const reportInputSchema = z.strictObject({ shards: z.array(shardAnswerSchema).check(z.length(SWEEP_SHARDS)) });

type ShardAnswer = z.infer<typeof shardAnswerSchema>;

const totalsOf = ({ journeysStarted, unconfirmedClaims, unknownSurfaced, settledNotSent, pendingEffects }: SweepTotals): SweepTotals => ({
  journeysStarted,
  unconfirmedClaims,
  unknownSurfaced,
  settledNotSent,
  pendingEffects,
});

const hasKey = (event: unknown, key: string) => typeof event === 'object' && event !== null && key in event;

/** The gauge (0 included: the alarm on it clears once every unknown outcome is settled) and the log. */
function report(totals: SweepTotals): SweepTotals {
  countMetric(METRIC.unconfirmedClaims, totals.unconfirmedClaims);
  logger.info('sweep done', { ...totals });
  return totals;
}

async function sweepOneShard(d: Dependencies, event: unknown, context: Context): Promise<ShardAnswer> {
  const input = parseInput(shardInputSchema, event, 'sweep shard');
  const progress = await sweepShard(
    {
      d,
      shard: input.shard,
      now: d.clock.now(),
      limits: sweepLimits(SWEEP_CONCURRENCY),
      hasTime: () => context.getRemainingTimeInMillis() > SWEEP_RUN_MARGIN_MS,
    },
    'cursor' in input ? input.cursor : undefined,
  );
  const before = 'journeysStarted' in input ? totalsOf(input) : NO_TOTALS;
  return { shard: input.shard, ...addTotals(before, progress.totals), ...(progress.cursor ? { cursor: progress.cursor } : {}) };
}

/** Every shard in turn, to the end (the local run; a deployment runs the state machine instead). */
async function sweepEveryShard(d: Dependencies): Promise<SweepTotals> {
  const now = d.clock.now();
  const limits = sweepLimits(1);
  let totals = NO_TOTALS;
  for (const shard of ALL_SWEEP_SHARDS) {
    totals = addTotals(totals, (await sweepShard({ d, shard, now, limits, hasTime: () => true })).totals);
  }
  return totals;
}

export const makeSweepHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown, context: Context): Promise<SweepResult> => {
    const d = deps();
    if (hasKey(event, 'shard')) return sweepOneShard(d, event, context);
    if (hasKey(event, 'shards')) {
      const { shards } = parseInput(reportInputSchema, event, 'sweep report');
      return report(shards.reduce((sum, answer) => addTotals(sum, totalsOf(answer)), NO_TOTALS));
    }
    return report(await sweepEveryShard(d));
  });

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { portal: awsPortal, channels: awsChannels, bus: awsBus, journeys: awsJourneys };

export const handler = makeSweepHandler(awsDependencies(wiring));
