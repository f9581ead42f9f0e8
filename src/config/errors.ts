/**
 * ConfigError is a problem in a configuration file (CRD, policy, params):
 * it names the file, the position and the JSON path inside the document.
 */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    readonly path?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(formatConfigError(file, problem, path, line, column));
    this.name = 'ConfigError';
  }
}

function formatConfigError(file: string, problem: string, path?: string, line?: number, column?: number): string {
  let where = file;
  if (line !== undefined) where += `:${line}`;
  if (line !== undefined && column !== undefined) where += `:${column}`;
  return path ? `${where}: ${path}: ${problem}` : `${where}: ${problem}`;
}

/** ConfigErrors carries several configuration problems found in one load. */
export class ConfigErrors extends Error {
  constructor(readonly errors: readonly ConfigError[]) {
    super(errors.map((e) => e.message).join('\n'));
    this.name = 'ConfigErrors';
  }
}
