import { createGitHubRunner } from '../export/github-commands.ts';
import { runPost } from './run-post.ts';

process.exitCode = await runPost({ runner: createGitHubRunner(), env: process.env });
