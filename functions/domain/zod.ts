/**
 * zod for everything under functions/: its mini API, whose functions a bundler drops when unused
 * (about 25 KB in a Lambda bundle, where the classic API's methods cost about 95 KB whatever is used),
 * with the English messages the classic API sets by itself. Every module under functions/ imports zod
 * from here; package.json names this module as the one with an import side effect, so bundlers keep
 * the configuration.
 */
import { config } from 'zod/mini';
import { en } from 'zod/v4/locales';

config(en());

export * from 'zod/mini';
