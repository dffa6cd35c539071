/** Runs the amicable CLI as a user would, collecting its exit code and output. */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function amicable(...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await exec('node', ['bin/amicable.mjs', ...args], { timeout: 120_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

export const lines = (text: string) => text.trim().split('\n');
