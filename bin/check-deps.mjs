#!/usr/bin/env node
/**
 * Checks the layer rules in .dependency-cruiser.cjs (npm run deps). Calls dependency-cruiser's API
 * rather than its CLI: the CLI refuses Node 20, which this machine still runs until the Node 24 move.
 */
import { cruise } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';

const ROOTS = ['functions', 'lib', 'local', 'simulator', 'bench', 'bin', 'test'];

const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
const tsConfig = extractTSConfig('tsconfig.json');
const result = await cruise(ROOTS, { ...options, outputType: 'err' }, undefined, { tsConfig });
process.stdout.write(result.output);
process.exitCode = result.exitCode;
