/**
 * README states how many alarms a production stage has (in what it deploys and in what it costs): the
 * figure is counted from the prod stage's template here, so it cannot drift from what is built.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { prodConfig, ROOT, synthAmicable } from './helpers';

const { template } = synthAmicable(prodConfig());
const readme = readFileSync(resolve(ROOT, 'README.md'), 'utf8');

describe('the alarm count README states', () => {
  it('is the number of CloudWatch alarms in the prod stage template, in both places it is stated', () => {
    const alarms = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).length;
    const stated = [...readme.matchAll(/(\d+) alarms\b/g)].map((m) => Number(m[1]));
    expect(stated.length).toBeGreaterThanOrEqual(2);
    expect(stated).toEqual(stated.map(() => alarms));
  });
});
