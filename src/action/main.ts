import { createGitHubRunner } from '../export/github-commands.ts';
import { writeFd } from '../export/write-fd.ts';
import { runMain } from './run-main.ts';

process.exitCode = await runMain({
  runner: createGitHubRunner({ write: (text) => writeFd(1, text) }),
  env: process.env,
});
