import { describe, expect, it } from 'vitest';
import traditional from '../../../playbooks/traditional.json';
import { parsePlaybook } from '../../../functions/domain/playbook';
import behaviourJson from '../../../simulator/behaviour.json';
import { parseBehaviour } from '../../../simulator/behaviour';
import { buildSummary } from '../../../simulator/report';
import { simulate } from '../../../simulator/simulate';

/** Every customer sees every message and answers it the same way; nobody pays on their own; a person always resolves. */
function behaviour(answer: { plan: number }) {
  const segments = Object.fromEntries(
    Object.entries(behaviourJson.segments).map(([name, s]) => [
      name,
      {
        ...s,
        reach: { sms: 1, email: 1, voice: 1 },
        dailySelfCure: 0,
        pay: 0,
        partial: 0,
        plan: answer.plan,
        promise: 0,
        promiseKept: 0,
        dispute: 0,
        complain: 0,
        optOut: 0,
        badAddress: 0,
        personResolve: 1,
      },
    ]),
  );
  return parseBehaviour({ ...behaviourJson, segmentMix: { 'likely-self-cure': 1 }, segments });
}

const run = (b: ReturnType<typeof behaviour>, name: string, playbook: unknown) =>
  buildSummary(simulate({ accounts: 150, days: 60, seed: 9, strategies: [{ name, playbook: parsePlaybook(playbook) }], behaviour: b }))
    .strategies[0].kpis;

describe('simulator: a missed instalment as care.ts answers it live', () => {
  it('a plan that is never paid is nudged and goes to a person; before, the account froze with nothing collected', () => {
    const k = run(behaviour({ plan: 0.5 }), 'traditional', traditional);
    // Half the customers agree a plan at the first message and never pay it: each still reaches a person.
    expect(k['escalation rate'].value).toBe(1);
    expect(k['cure rate'].value).toBe(1);
  });
});
