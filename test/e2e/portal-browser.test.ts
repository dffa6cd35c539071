/**
 * The portal in a real browser: Debian's Chromium (playwright-core) against the local portal server --
 * the page from portal/, the real portal handler, DynamoDB Local -- with links taken from messages in
 * the channel sink. Every screen is checked with axe-core (WCAG 2.2 AA); screenshots go to
 * docs/screenshots for README.md.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { makeIngestHandler } from '../../functions/ingest';
import { makeDecideHandler } from '../../functions/decide';
import { makeSendHandler } from '../../functions/send';
import { makeRecordHandler } from '../../functions/record';
import { HmacMac } from '../../functions/adapters/link-mac';
import type { Dependencies } from '../../functions/commons/dependencies';
import type { ContactAction } from '../../functions/domain/decision-types';
import type { CheckKind } from '../../functions/domain/portal/contract';
import { startDynamoDbLocal, type LocalDynamo } from '../../local/dynamodb-local';
import { startPortalServer, type PortalServer } from '../../local/portal-server';
import { billingEvent, context, newAccountId, overdueDetail, T0, world, type World } from '../handlers/harness';
import { accessibilityViolations, launchChromium } from './browser';

const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url);

let dynamo: LocalDynamo;
let w: World;
let deps: Dependencies;
let server: PortalServer;
let browser: Browser;

beforeAll(async () => {
  dynamo = await startDynamoDbLocal();
  w = world(dynamo);
  deps = w.deps;
  server = await startPortalServer({ deps: () => deps });
  deps = { ...w.deps, portal: { mac: new HmacMac('browser-test-key'), baseUrl: server.url, linkTtlDays: 14, check: 'postal-code' } };
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await dynamo?.stop();
});

const h = {
  ingest: makeIngestHandler(() => deps),
  decide: makeDecideHandler(() => deps),
  send: makeSendHandler(() => deps),
  record: makeRecordHandler(() => deps),
};

/** An overdue account's first message, as the sink got it: returns the portal link it carried. */
async function linkFromMessage(
  prefix: string,
  language: 'en' | 'es' = 'en',
  customerExtra: Record<string, unknown> = {},
): Promise<{ accountId: string; link: string }> {
  w.clock.set(T0);
  const accountId = newAccountId(prefix);
  const base = overdueDetail(accountId);
  const customer = { ...base.customer, language, address: { country: 'US', region: 'WA', postalCode: '98101' }, ...customerExtra };
  await h.ingest(billingEvent('AccountOverdue', { ...base, amountDue: 300, customer }), context('ingest'));
  const action = (await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'))).action as ContactAction;
  const outcome = await h.send({ accountId, cycleId: 'inv-1', action }, context('send'));
  await h.record({ kind: 'contact', accountId, cycleId: 'inv-1', action, outcome }, context('record'));
  const text = w.channel.callsFor(accountId).at(-1)!.text;
  const link = new RegExp(`${server.url.replace(/[.]/g, '\\.')}/#t=\\S+`).exec(text)?.[0];
  if (!link) throw new Error(`no portal link in the message: ${text}`);
  return { accountId, link };
}

async function openPage(viewport = { width: 390, height: 844 }): Promise<{ page: Page; cspViolations: string[] }> {
  const page = await browser.newPage({ viewport });
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  return { page, cspViolations };
}

const shot = (page: Page, name: string) => page.screenshot({ path: new URL(`portal-${name}.png`, SCREENSHOTS).pathname });

describe('the portal in Chromium', () => {
  it('from a message link: the check first, then what is owed; a plan chosen changes the journey to plan reminders', async () => {
    const { accountId, link } = await linkFromMessage('browser-plan');
    const { page, cspViolations } = await openPage();
    await page.goto(link);

    // Nothing about the debt before the check.
    await page.getByTestId('check-form').waitFor();
    expect(await page.content()).not.toMatch(/300|Northwind/);
    expect(page.url()).not.toContain('#t=');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, '1-check');

    await page.getByTestId('check-input').fill('98101');
    await page.getByTestId('check-submit').click();
    await page.getByTestId('summary').waitFor();
    expect(await page.getByTestId('balance').textContent()).toContain('$300.00');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, '2-summary');

    await page.getByTestId('action-plan').click();
    await page.getByTestId('plan-option-3').waitFor();
    // Every instalment's amount and date is shown before committing.
    const option = await page.getByTestId('plan-option-3').textContent();
    expect(option).toMatch(/\$100\.00/);
    expect(option).toMatch(/March 17, 2026|Mar 17, 2026/);
    await page.getByTestId('plan-option-3').click();
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, '3-plan');
    await page.getByTestId('plan-confirm').click();
    await page.getByTestId('done').waitFor();
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, '4-done');

    expect((await w.deps.state.getAccount(accountId))!.plan).toMatchObject({ status: 'active', source: 'portal' });
    // The journey's next message is a plan reminder, not a payment demand.
    w.clock.set(new Date('2026-03-14T18:00:00Z'));
    const next = await h.decide({ accountId, cycleId: 'inv-1' }, context('decide'));
    expect(next.action).toMatchObject({ type: 'contact', template: 'plan-reminder' });
    expect(cspViolations).toEqual([]);
    await page.close();
  });

  it('a tampered link is refused with a friendly page and no data', async () => {
    const { link } = await linkFromMessage('browser-tamper');
    const { page } = await openPage();
    await page.goto(link.slice(0, -2) + (link.endsWith('AA') ? 'BB' : 'AA'));
    await page.getByTestId('link-error').waitFor();
    expect(await page.getByTestId('check-form').count()).toBe(0);
    // Even a refused link shows how to reach a person.
    expect(await page.locator('#footer-person').textContent()).toContain('+1 800-555-0100');
    expect(await accessibilityViolations(page)).toEqual([]);
    await shot(page, '5-link-refused');
    await page.close();
  });

  it('an expired link is refused', async () => {
    const { link } = await linkFromMessage('browser-expired');
    w.clock.set(new Date(T0.getTime() + 15 * 86_400_000));
    const { page } = await openPage();
    await page.goto(link);
    await page.getByTestId('link-error').waitFor();
    expect(await page.getByTestId('link-error').textContent()).toMatch(/expired/i);
    await page.close();
  });

  it('speaks Spanish to a Spanish-speaking customer, and a wrong answer is explained', async () => {
    const { link } = await linkFromMessage('browser-es', 'es');
    const { page } = await openPage();
    await page.goto(link);
    await page.getByTestId('check-form').waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('es');
    await page.getByTestId('check-input').fill('10001');
    await page.getByTestId('check-submit').click();
    await page.getByTestId('error').waitFor();
    expect(await page.getByTestId('error').textContent()).toMatch(/4/);
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});

describe('the stronger checks in Chromium', () => {
  /** Runs `body` with the portal configured for another check. */
  async function withCheck(check: CheckKind, body: () => Promise<void>) {
    const before = deps;
    deps = { ...deps, portal: { ...deps.portal!, check } };
    try {
      await body();
    } finally {
      deps = before;
    }
  }

  it('postal code + phone last 4: asks both, says a wrong pair is wrong without saying which half, then lets the right pair in', () =>
    withCheck('postal-code+phone-last4', async () => {
      const { link } = await linkFromMessage('browser-both');
      const { page, cspViolations } = await openPage();
      await page.goto(link);
      await page.getByTestId('check-form').waitFor();
      expect(await page.getByLabel('Your ZIP code').count()).toBe(1);
      expect(await page.getByLabel('The last 4 digits of your phone number').count()).toBe(1);
      await page.getByTestId('check-input').fill('98101');
      await page.getByTestId('check-phone-input').fill('9999');
      await page.getByTestId('check-submit').click();
      await page.getByTestId('error').waitFor();
      expect(await page.getByTestId('error').textContent()).toMatch(/Those answers don't match.*4 more times/);
      expect(await accessibilityViolations(page)).toEqual([]);
      await shot(page, '6-check-both');
      // The phone on file is +12065550123.
      await page.getByTestId('check-phone-input').fill('0123');
      await page.getByTestId('check-submit').click();
      await page.getByTestId('summary').waitFor();
      expect(cspViolations).toEqual([]);
      await page.close();
    }));

  it('date of birth: a date input, and the date on file lets the customer in', () =>
    withCheck('date-of-birth', async () => {
      const { link } = await linkFromMessage('browser-dob', 'en', { dateOfBirth: '1980-04-23' });
      const { page } = await openPage();
      await page.goto(link);
      await page.getByTestId('check-form').waitFor();
      expect(await page.getByTestId('check-input').getAttribute('type')).toBe('date');
      await page.getByTestId('check-input').fill('1980-04-24');
      await page.getByTestId('check-submit').click();
      await page.getByTestId('error').waitFor();
      expect(await page.getByTestId('error').textContent()).toMatch(/date of birth doesn't match/);
      expect(await accessibilityViolations(page)).toEqual([]);
      await page.getByTestId('check-input').fill('1980-04-23');
      await page.getByTestId('check-submit').click();
      await page.getByTestId('summary').waitFor();
      await page.close();
    }));
});

describe('a locked-out customer', () => {
  it("after 20 wrong answers every link is refused with a friendly page and the help line (in the browser's language: a revoked link says nothing about the account, not even its language)", async () => {
    const { link } = await linkFromMessage('browser-locked', 'es');
    const token = link.split('#t=')[1];
    const verify = (answer: string) =>
      fetch(`${server.url}/api/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token, answer }),
      });
    let status = 0;
    for (let i = 0; i < 40 && status !== 423; i++) {
      const res = await verify(String(10000 + i));
      status = res.status;
      if (status === 429) w.clock.advance(((await res.json()) as { retryAfterSeconds: number }).retryAfterSeconds * 1000 + 1000);
    }
    expect(status).toBe(423);
    const { page } = await openPage();
    await page.goto(link);
    await page.getByTestId('link-error').waitFor();
    expect(await page.getByTestId('link-error').textContent()).toMatch(/paused online access to keep your account safe/);
    expect(await page.getByTestId('check-form').count()).toBe(0);
    expect(await page.locator('#footer-person').textContent()).toContain('+1 800-555-0100');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.close();
  });
});
