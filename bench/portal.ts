/**
 * Portal page benchmark in Debian's Chromium (playwright-core) against the local portal server on
 * DynamoDB Local: page weight (every byte the browser fetched, per resource type) and time to
 * interactive (navigation start to the check form being usable), on a phone-sized viewport, over N
 * loads; then the summary screen after the check (the API round trips included).
 *
 *   npx tsx bench/portal.ts [loads]
 */
import '../local/quiet-powertools';
import { makeIngestHandler } from '../functions/ingest';
import { makeDecideHandler } from '../functions/decide';
import { makeSendHandler } from '../functions/send';
import { makeRecordHandler } from '../functions/record';
import { HmacMac } from '../functions/adapters/link-mac';
import type { Dependencies } from '../functions/commons/dependencies';
import type { ContactAction } from '../functions/domain/decision-types';
import { startDynamoDbLocal } from '../local/dynamodb-local';
import { startPortalServer } from '../local/portal-server';
import { buildDependencies } from '../functions/commons/dependencies';
import { SinkChannel } from '../functions/adapters/channels/sink';
import { LocalEventPublisher } from '../local/local-bus';
import { localLambdaContext } from '../local/lambda-context';
import { MutableClock } from '../local/account-timeline';
import { LOCAL_SETTINGS } from '../local/runtime';
import { launchChromium } from '../test/e2e/browser';

const LOADS = Number(process.argv[2] ?? 20);
const dynamo = await startDynamoDbLocal();
const clock = new MutableClock(new Date('2026-03-10T18:00:00Z'));
const sink = new SinkChannel({ clock });
const base = buildDependencies({
  dynamo: dynamo.client,
  tables: dynamo.tables,
  clock,
  channels: sink,
  journeys: {
    start: async (ref) => ({ executionName: `${ref.accountId}--${ref.cycleId}`, alreadyStarted: false }),
    isRunning: async () => true,
  },
  // The portal's events may wake a journey: the bench measures the portal, not Step Functions.
  generations: {
    startGeneration: async (ref, generation) => ({
      executionName: `${ref.accountId}--${ref.cycleId}-g${generation}`,
      alreadyStarted: false,
    }),
    scheduleGeneration: async (ref, generation) => ({ scheduleName: `${ref.accountId}-g${generation}`, alreadyScheduled: false }),
    cancelSchedule: async () => undefined,
    stopGeneration: async () => undefined,
  },
  bus: new LocalEventPublisher(clock, []),
  settings: LOCAL_SETTINGS,
});
let deps: Dependencies = base;
const server = await startPortalServer({ deps: () => deps });
deps = { ...base, portal: { mac: new HmacMac('bench'), baseUrl: server.url, linkTtlDays: 14, check: 'postal-code' } };
const context = () => localLambdaContext('amicable-bench');
let seq = 0;
const billingEvent = (detailType: string, detail: unknown) => ({
  version: '0',
  id: `bench-${++seq}`,
  'detail-type': detailType,
  source: 'bench',
  account: '0',
  time: clock.now().toISOString(),
  region: 'us-east-1',
  resources: [],
  detail,
});
const browser = await launchChromium();

try {
  const h = {
    ingest: makeIngestHandler(() => deps),
    decide: makeDecideHandler(() => deps),
    send: makeSendHandler(() => deps),
    record: makeRecordHandler(() => deps),
  };
  const customer = {
    firstName: 'Ana',
    phone: '+12065550123',
    email: 'ana@example.com',
    preferredChannel: 'sms',
    timeZone: 'America/Los_Angeles',
    address: { country: 'US', region: 'WA', postalCode: '98101' },
    language: 'en',
  };
  await h.ingest(
    billingEvent('AccountOverdue', {
      accountId: 'bench-1',
      cycleId: 'inv-1',
      amountDue: 300,
      currency: 'USD',
      dueDate: '2026-02-20',
      creditorName: 'Northwind Energy',
      customer,
    }),
    context(),
  );
  const action = (await h.decide({ accountId: 'bench-1', cycleId: 'inv-1' }, context())).action as ContactAction;
  const outcome = await h.send({ accountId: 'bench-1', cycleId: 'inv-1', action }, context());
  await h.record({ kind: 'contact', accountId: 'bench-1', cycleId: 'inv-1', action, outcome }, context());
  const link = /http:\/\/127\.0\.0\.1:\d+\/#t=\S+/.exec(sink.sent.at(-1)!.text)![0];

  const interactive: number[] = [];
  const afterCheck: number[] = [];
  let bytes: Record<string, number> = {};
  for (let i = 0; i < LOADS; i++) {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const sizes: Record<string, number> = {};
    page.on('response', async (response) => {
      const body = await response.body().catch(() => Buffer.alloc(0));
      const type = response.request().resourceType();
      sizes[type] = (sizes[type] ?? 0) + body.length;
    });
    const started = Date.now();
    await page.goto(link);
    await page.getByTestId('check-input').waitFor();
    interactive.push(Date.now() - started);
    const checked = Date.now();
    await page.getByTestId('check-input').fill('98101');
    await page.getByTestId('check-submit').click();
    await page.getByTestId('summary').waitFor();
    afterCheck.push(Date.now() - checked);
    await page.waitForLoadState('networkidle');
    if (i === 0) bytes = sizes;
    await page.close();
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const total = Object.values(bytes).reduce((s, n) => s + n, 0);
  console.log(
    `portal page weight (first load, uncompressed): ${(total / 1024).toFixed(1)} KB  (${Object.entries(bytes)
      .map(([t, n]) => `${t} ${(n / 1024).toFixed(1)} KB`)
      .join(', ')})`,
  );
  console.log(
    `time to interactive (check form usable), median of ${LOADS}: ${median(interactive)} ms (max ${Math.max(...interactive)} ms)`,
  );
  console.log(`check to summary (verify + account API on DynamoDB Local), median: ${median(afterCheck)} ms`);
} finally {
  await browser.close();
  await server.close();
  await dynamo.stop();
}
