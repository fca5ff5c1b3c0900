import { dirname, join } from 'node:path';
import { createGitHubRunner } from '../export/github-commands.ts';
import { runMain } from './run-main.ts';

// The runner runs dist/main/index.js; the CLI bundle ships beside it in dist/cli/.
const cliBundle = join(dirname(process.argv[1] ?? '.'), '..', 'cli', 'tokenrelay.mjs');
process.exitCode = await runMain({ runner: createGitHubRunner(), env: process.env, cliBundle });
