/** Resolving and validating the playbooks a simulation names, before anything runs. */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { playbookProblems, playbookSchema, type Playbook } from '../functions/domain/playbook';
import type { Strategy } from './simulate';

export class PlaybookFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PlaybookFileError';
  }
}

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The name of the no-contact holdout in --playbooks. */
export const HOLDOUT_NAME = 'none';

/** A name resolves to playbooks/<name>.json; anything with a slash or ending .json is a path. */
export function playbookPath(name: string): string {
  if (name.includes('/') || name.endsWith('.json')) return name;
  return join(REPO_ROOT, 'playbooks', `${name}.json`);
}

/** Reads and validates a playbook file; problems are listed with their paths. */
export async function readPlaybookFile(file: string): Promise<{ playbook?: Playbook; problems: string[] }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return { problems: [`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { problems: [`not valid JSON: ${(error as Error).message}`] };
  }
  const problems = playbookProblems(json);
  if (problems.length > 0) return { problems };
  return { playbook: playbookSchema.parse(json), problems: [] };
}

/** Loads every named strategy, or throws one line naming every problem with its file and path. */
export async function loadStrategies(names: string[]): Promise<Strategy[]> {
  const out: Strategy[] = [];
  const errors: string[] = [];
  for (const name of names) {
    if (name === HOLDOUT_NAME) {
      out.push({ name, playbook: null });
      continue;
    }
    const file = playbookPath(name);
    const { playbook, problems } = await readPlaybookFile(file);
    if (playbook) out.push({ name, playbook });
    else
      errors.push(
        `${name === file ? file : `${name} (${file.startsWith(REPO_ROOT) ? file.slice(REPO_ROOT.length + 1) : file})`}: ${problems.join('; ')}`,
      );
  }
  if (errors.length > 0) throw new PlaybookFileError(`invalid playbook: ${errors.join(' | ')}`);
  return out;
}
