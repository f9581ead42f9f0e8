import type { Command } from './command.js';
import { manifestsCommand } from './manifests.js';
import { replayCommand } from './replay.js';
import { reviewCommand } from './review.js';

/** COMMANDS lists the subcommands in the order `--help` shows them. */
export const COMMANDS: readonly Command[] = [
  manifestsCommand,
  replayCommand,
  reviewCommand,
];
