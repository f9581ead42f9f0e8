/** CliIo is what a command may touch of the process: streams and the environment. */
export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly stdin: NodeJS.ReadableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly isTTY: boolean;
}

/**
 * Command is one `crd-admission <name>` subcommand. `run` returns the exit
 * code (a long-running command such as serve resolves when it stops).
 */
export interface Command {
  readonly name: string;
  readonly summary: string;
  readonly usage: string;
  run(argv: readonly string[], io: CliIo): Promise<number>;
}

/** UsageError is a bad flag or argument: exit code 2 with the usage text. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
