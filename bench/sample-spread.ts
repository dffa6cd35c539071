/**
 * How the shipped sample's journey messages spread over the contact window, unpaced and paced (the local
 * default): the share sent at minute :00, the share sent before 10:00 local time (the customer's first
 * possible zone), and the most journey messages any second saw per channel. Replies to the customer
 * are left out: they are urgent and go out at once.
 *
 *   npx tsx bench/sample-spread.ts
 */
import '../local/quiet-powertools';
import '../local/polyfills';
import { readEventFile } from '../local/event-file';
import { runLocal, type LocalRunResult } from '../local/runtime';
import { possibleTimeZones } from '../functions/domain/time-zones';
import { localTimeParts } from '../functions/domain/zone-clock';

async function spread(run: LocalRunResult) {
  const journey = run.sent.filter((m) => !m.messageKey.includes(':reply-'));
  let early = 0;
  for (const m of journey) {
    const account = (await run.dependencies.state.getAccount(m.accountId))!;
    const zone = possibleTimeZones(account.customer, run.dependencies.settings.businessTimeZone)[0];
    if (localTimeParts(new Date(m.sentAt), zone).hour < 10) early++;
  }
  const perSecond = new Map<string, number>();
  for (const m of journey)
    perSecond.set(`${m.channel} ${m.sentAt.slice(0, 19)}`, (perSecond.get(`${m.channel} ${m.sentAt.slice(0, 19)}`) ?? 0) + 1);
  return {
    messages: journey.length,
    atMinuteZero: journey.filter((m) => m.sentAt.slice(14, 16) === '00').length / journey.length,
    before10Local: early / journey.length,
    busiestSecond: Math.max(...perSecond.values()),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const events = await readEventFile('samples/events.jsonl');
for (const [label, pacing] of [
  ['unpaced', null],
  ['paced (local default)', undefined],
] as const) {
  const run = await runLocal({ events, shards: 'auto', ...(pacing === null ? { pacing } : {}) });
  try {
    const s = await spread(run);
    console.log(
      `${label.padEnd(22)} ${s.messages} journey messages: ${pct(s.atMinuteZero)} at minute :00, ${pct(s.before10Local)} before 10:00 local, at most ${s.busiestSecond} in one second on one channel`,
    );
  } finally {
    await run.dispose();
  }
}
