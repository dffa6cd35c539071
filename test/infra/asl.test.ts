import aslValidator from 'asl-validator';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JOURNEY_DEFINITION_FILE } from '../../lib/journey-definition';

const text = readFileSync(JOURNEY_DEFINITION_FILE, 'utf8');
const SUBSTITUTIONS = [
  'DecideFunctionArn',
  'SendFunctionArn',
  'RecordFunctionArn',
  'EscalateFunctionArn',
  'CloseFunctionArn',
  'HandoverFunctionArn',
];

describe('statemachines/journey.asl.json', () => {
  it('is valid ASL', () => {
    const { isValid, errorsText } = aslValidator(JSON.parse(text));
    expect(isValid, errorsText()).toBe(true);
  });

  it('uses exactly the substitutions the Journey construct provides', () => {
    const used = [...new Set([...text.matchAll(/\$\{([A-Za-z]+)\}/g)].map((m) => m[1]))].sort();
    expect(used).toEqual([...SUBSTITUTIONS].sort());
  });

  it('is JSONPath (the local runner cannot execute JSONata)', () => {
    expect(JSON.parse(text).QueryLanguage ?? 'JSONPath').toBe('JSONPath');
  });
});
