import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { COMMANDS } from './commands.js';

function helpText(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  const lines = commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`);
  return [
    'crd-admission: admission webhook for Kubernetes custom resources',
    '',
    'Usage: crd-admission <command> [flags]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `crd-admission <command> --help` for the flags of a command.',
    '',
  ].join('\n');
}

/** runCli dispatches argv to a subcommand and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo, commands: readonly Command[] = COMMANDS): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(helpText(commands));
    return name === undefined ? 2 : 0;
  }
  if (name === '--version') {
    io.stdout.write(`${process.env.npm_package_version ?? '0.1.0'}\n`);
    return 0;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`crd-admission: unknown command ${JSON.stringify(name)}\n\n${helpText(commands)}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // node:util parseArgs throws ERR_PARSE_ARGS_* for unknown or malformed flags: a usage error.
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`crd-admission ${command.name}: ${(error as Error).message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`crd-admission ${command.name}: ${(error as Error).message}\n`);
    return 1;
  }
}

