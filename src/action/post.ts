import { createGitHubRunner } from '../export/github-commands.ts';
import { writeFd } from '../export/write-fd.ts';
import { runPost } from './run-post.ts';

process.exitCode = await runPost({
  runner: createGitHubRunner({ write: (text) => writeFd(1, text) }),
  env: process.env,
});
