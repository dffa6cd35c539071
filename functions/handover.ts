/**
 * Handover: where a journey's execution hands over to its next generation (application/journey-generations.ts).
 * `wait`: a decided wait longer than the rest threshold schedules the next generation for the decided
 * time and the execution ends ({rested: true}); a shorter one stays in the execution ({rested: false}).
 * `continue`: the execution has run its share of loops; its successor starts now and it ends.
 */
import * as z from './domain/zod';
import { awsDependencies, type AwsWiring } from './commons/aws-dependencies';
import { awsGenerations } from './commons/aws-journeys';
import type { Dependencies } from './commons/dependencies';
import { journeyRefSchema, parseInput } from './commons/inputs';
import { withPowertools } from './commons/middleware';
import { continueAsNew, restOrWait } from './application/journey-generations';

const generation = z.number().check(z.int(), z.gte(0));

export const handoverInputSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('wait'), ...journeyRefSchema.shape, generation, until: z.iso.datetime({ offset: true }) }),
  z.strictObject({ kind: z.literal('continue'), ...journeyRefSchema.shape, generation }),
]);

export type HandoverResult = { rested: boolean } | { continuedAs: string };

export const makeHandoverHandler = (deps: () => Dependencies) =>
  withPowertools(async (event: unknown): Promise<HandoverResult> => {
    const d = deps();
    const input = parseInput(handoverInputSchema, event, 'handover');
    const ref = { accountId: input.accountId, cycleId: input.cycleId };
    if (input.kind === 'wait') return restOrWait(d, ref, input.generation, new Date(input.until));
    const { executionName } = await continueAsNew(d, ref, input.generation);
    return { continuedAs: executionName };
  });

/** The ports this function uses (test/infra/bundle-sizes.test.ts checks its code reads no other). */
export const wiring: AwsWiring = { generations: awsGenerations };

export const handler = makeHandoverHandler(awsDependencies(wiring));
