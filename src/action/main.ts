import { createGitHubRunner } from '../export/github-commands.ts';
import { runMain } from './run-main.ts';

process.exitCode = await runMain({ runner: createGitHubRunner(), env: process.env });
