import { writeFileSync } from 'node:fs';
import { devConfig, prodConfig, synthAmicable } from './test/infra/helpers';
const out = process.argv[2];
for (const [name, cfg] of [['dev', devConfig()], ['prod', prodConfig()]] as const) {
  const r = synthAmicable(cfg) as unknown as { template: { toJSON(): unknown } };
  writeFileSync(`${out}-${name}.json`, JSON.stringify(r.template.toJSON(), null, 1));
}
