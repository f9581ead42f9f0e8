import type { Command } from './command.js';
import { manifestsCommand } from './manifests.js';

/** COMMANDS lists the subcommands in the order `--help` shows them. */
export const COMMANDS: readonly Command[] = [manifestsCommand];
