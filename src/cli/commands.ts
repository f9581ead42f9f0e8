import type { Command } from './command.js';
import { certsCommand } from './certs.js';
import { manifestsCommand } from './manifests.js';
import { replayCommand } from './replay.js';
import { reviewCommand } from './review.js';
import { serveCommand } from './serve.js';

/** COMMANDS lists the subcommands in the order `--help` shows them. */
export const COMMANDS: readonly Command[] = [
  serveCommand,
  certsCommand,
  manifestsCommand,
  replayCommand,
  reviewCommand,
];
