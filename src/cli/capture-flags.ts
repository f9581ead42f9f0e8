import type { CaptureOptions } from '../replay/capture.js';
import { DEFAULT_CAPTURE_MAX_BYTES, DEFAULT_CAPTURE_MAX_FILES } from '../replay/capture.js';
import { compileRedactionPaths } from '../replay/redact.js';
import { UsageError } from './command.js';
import type { FlagOptions } from './flags.js';
import { integerFlag } from './flags.js';

/** CAPTURE_FLAGS are serve's flags for recording reviews (see docs/replay.md). */
export const CAPTURE_FLAGS = {
  'capture-dir': { type: 'string' },
  'capture-max-bytes': { type: 'string' },
  'capture-max-files': { type: 'string' },
  'capture-redact': { type: 'string', multiple: true, default: [] as string[] },
} satisfies FlagOptions;

/** CAPTURE_USAGE documents CAPTURE_FLAGS in serve's usage text. */
export const CAPTURE_USAGE = `  --capture-dir DIR    also record each review with its response to DIR (rotated JSON Lines,
                       written off the request path; replay them with \`replay --check DIR\`)
  --capture-max-bytes N  rotate a capture file at N bytes (default: ${DEFAULT_CAPTURE_MAX_BYTES})
  --capture-max-files N  keep at most N capture files, deleting the oldest (default: ${DEFAULT_CAPTURE_MAX_FILES})
  --capture-redact PATH  redact this path of captured objects, e.g. spec.password or spec.users.*.token
                       (repeatable; data/stringData of embedded Secrets are always redacted)`;

/** CaptureFlagValues are the parsed CAPTURE_FLAGS. */
export interface CaptureFlagValues {
  readonly 'capture-dir'?: string;
  readonly 'capture-max-bytes'?: string;
  readonly 'capture-max-files'?: string;
  readonly 'capture-redact': readonly string[];
}

/** captureOptions turns the flags into CaptureWriter options, or undefined when --capture-dir is not set. */
export function captureOptions(flags: CaptureFlagValues): Omit<CaptureOptions, 'onError'> | undefined {
  const dir = flags['capture-dir'];
  const limits = flags['capture-max-bytes'] !== undefined || flags['capture-max-files'] !== undefined || flags['capture-redact'].length > 0;
  if (dir === undefined) {
    if (limits) throw new UsageError('--capture-max-bytes, --capture-max-files and --capture-redact need --capture-dir');
    return undefined;
  }
  try {
    compileRedactionPaths(flags['capture-redact']);
  } catch (error) {
    throw new UsageError(`--capture-redact: ${(error as Error).message}`);
  }
  return {
    dir,
    maxBytes: integerFlag('capture-max-bytes', flags['capture-max-bytes'], DEFAULT_CAPTURE_MAX_BYTES, 1024, Number.MAX_SAFE_INTEGER),
    maxFiles: integerFlag('capture-max-files', flags['capture-max-files'], DEFAULT_CAPTURE_MAX_FILES, 1, 100_000),
    redactPaths: flags['capture-redact'],
  };
}
