import { parseArgs } from 'node:util';
import { loadConfiguration } from '../config/load.js';
import { ProgressBar } from '../replay/progress.js';
import type { Reporter } from '../replay/replay.js';
import { replayExitCode, replayInputs } from '../replay/replay.js';
import { palette, useColor } from '../replay/report.js';
import { JsonReporter, RecordReporter } from '../replay/report-json.js';
import { JunitReporter } from '../replay/report-junit.js';
import { TableReporter } from '../replay/report-table.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { CONFIG_FLAG_OPTIONS, CONFIG_FLAG_USAGE, configFromFlags } from './config-flags.js';

const OUTPUTS = ['table', 'json', 'junit', 'record'] as const;
type Output = (typeof OUTPUTS)[number];

const USAGE = `Usage: crd-admission replay [flags] INPUT...

Runs AdmissionReviews through the same pipeline as the server (/mutate, the
patch, then /validate), offline. INPUT is a review file (JSON or YAML,
admission.k8s.io/v1 or v1beta1, with or without a recorded response), a
directory (recursively), a JSON Lines file or capture, a kube-apiserver audit
log, or - for standard input.

${CONFIG_FLAG_USAGE}
  --output FORMAT       table (default), json (one object per line), junit,
                        or record (each review with the replayed response, to
                        refresh recorded expectations)
  --diff                show each patched object as a unified diff of YAML
  --check               compare with the recorded responses: exit 1 listing
                        every mismatch

Exit codes: 0 all replayed (and, with --check, all matched); 1 a mismatch;
2 an unreadable input (listed with file, line and reason) or a bad flag.`;

function reporterFor(output: Output, io: CliIo, check: boolean, diff: boolean): Reporter {
  const colors = palette(useColor(io.isTTY, io.env));
  const errColors = palette(useColor(Boolean((io.stderr as { isTTY?: boolean }).isTTY), io.env));
  switch (output) {
    case 'json':
      return new JsonReporter(io.stdout, io.stderr, { diff, colors: errColors });
    case 'junit':
      return new JunitReporter(io.stdout, io.stderr, { check, colors: errColors });
    case 'record':
      return new RecordReporter(io.stdout, io.stderr, errColors);
    case 'table':
      return new TableReporter(io.stdout, io.stderr, { colors, diff, check });
  }
}

/** withProgress clears the progress bar before the report, and before each row when stdout shares the terminal. */
function withProgress(reporter: Reporter, bar: ProgressBar, sharedTerminal: boolean): Reporter {
  const clear = (): void => {
    if (sharedTerminal) bar.clear();
  };
  return {
    review: (result) => (clear(), reporter.review(result)),
    inputError: (problem) => (clear(), reporter.inputError(problem)),
    finish: (summary) => (bar.clear(), reporter.finish(summary)),
  };
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { ...CONFIG_FLAG_OPTIONS, output: { type: 'string', short: 'o' }, diff: { type: 'boolean' }, check: { type: 'boolean' } },
  });
  const output = (values.output ?? 'table') as Output;
  if (!OUTPUTS.includes(output)) throw new UsageError(`--output must be one of ${OUTPUTS.join(', ')}, got ${JSON.stringify(values.output)}`);
  if (positionals.length === 0) throw new UsageError('no INPUT given (use - to read standard input)');
  const { sources, settings } = configFromFlags(values);
  const config = await loadConfiguration(sources, settings);
  const check = values.check === true;
  let reporter = reporterFor(output, io, check, values.diff === true);
  const stderrTTY = Boolean((io.stderr as { isTTY?: boolean }).isTTY);
  const bar = stderrTTY ? new ProgressBar(io.stderr) : undefined;
  if (bar) reporter = withProgress(reporter, bar, io.isTTY);
  const summary = await replayInputs({
    inputs: positionals,
    config,
    check,
    stdin: io.stdin,
    reporter,
    ...(bar ? { onProgress: (n: number, read: number, total: number | undefined) => bar.update(n, read, total) } : {}),
  });
  return replayExitCode(summary);
}

/** replayCommand is `crd-admission replay`. */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'run captured AdmissionReviews, JSON Lines or audit logs through the pipeline offline',
  usage: USAGE,
  run,
};
