/**
 * Writes schemas/playbook.schema.json from the zod playbook schema (functions/domain/playbook.ts).
 * Run `npx tsx schemas/generate-playbook.ts` after changing it; test/domain/strategy/playbook-schema.test.ts
 * fails while the committed file is stale.
 */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playbookJsonSchema } from '../functions/domain/playbook';

export const PLAYBOOK_SCHEMA_FILE = 'playbook.schema.json';

export function renderPlaybookSchema(): string {
  const schema = {
    $id: 'https://github.com/amicable/amicable/schemas/playbook.schema.json',
    title: 'Amicable playbook',
    ...playbookJsonSchema(),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(dirname(fileURLToPath(import.meta.url)), PLAYBOOK_SCHEMA_FILE), renderPlaybookSchema());
  console.log(`wrote schemas/${PLAYBOOK_SCHEMA_FILE}`);
}
