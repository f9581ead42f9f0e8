import type { Command } from './command.js';
import { replayCommand } from './replay.js';

/** COMMANDS lists the subcommands in the order `--help` shows them. */
export const COMMANDS: readonly Command[] = [
  replayCommand,
];
