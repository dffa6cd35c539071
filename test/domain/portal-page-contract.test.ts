/**
 * The portal page offers every choice the contract accepts: a channel, dispute reason or hardship driver
 * added to the contract without a way to choose it on the page fails here (tsc -p tsconfig.portal.json
 * already fails on a value the contract no longer accepts).
 */
import { describe, expect, it } from 'vitest';
import { CHANNELS as PAGE_CHANNELS, CHECKS, DRIVERS, LOCALES, REASONS } from '../../portal/constants.js';
import { CHECK_KINDS, DISPUTE_REASONS } from '../../functions/domain/portal/contract';
import { CHANNELS, LANGUAGES, VULNERABILITY_DRIVERS } from '../../functions/domain/types';

describe('the portal page against its contract', () => {
  it('offers exactly the contract’s channels, dispute reasons, hardship drivers and languages', () => {
    expect([...PAGE_CHANNELS].sort()).toEqual([...CHANNELS].sort());
    expect([...REASONS].sort()).toEqual([...DISPUTE_REASONS].sort());
    expect([...DRIVERS].sort()).toEqual([...VULNERABILITY_DRIVERS].sort());
    expect(Object.keys(LOCALES).sort()).toEqual([...LANGUAGES].sort());
  });

  it('asks every identity check the contract names', () => {
    expect(Object.keys(CHECKS).sort()).toEqual([...CHECK_KINDS].sort());
  });
});
