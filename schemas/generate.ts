/**
 * Writes the published JSON Schemas of the decide request and response from their zod definitions.
 * Run `npx tsx schemas/generate.ts` after changing functions/domain/rules/decide-schema.ts (or the
 * schemas it uses); test/domain/compliance/schemas.test.ts fails while the committed files are stale.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decideJsonSchemas } from '../functions/domain/rules/decide-schema';

export const SCHEMA_FILES = {
  request: 'decide-request.schema.json',
  response: 'decide-response.schema.json',
} as const;

export function renderSchemas(): Record<keyof typeof SCHEMA_FILES, string> {
  const { request, response } = decideJsonSchemas();
  return { request: `${JSON.stringify(request, null, 2)}\n`, response: `${JSON.stringify(response, null, 2)}\n` };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const dir = dirname(fileURLToPath(import.meta.url));
  const rendered = renderSchemas();
  for (const key of Object.keys(SCHEMA_FILES) as Array<keyof typeof SCHEMA_FILES>) {
    writeFileSync(join(dir, SCHEMA_FILES[key]), rendered[key]);
    console.log(`wrote schemas/${SCHEMA_FILES[key]}`);
  }
}
