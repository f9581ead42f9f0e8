import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** PROJECT_ROOT is the worktree root, where dist/ is built by `npm test`. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** FIXTURES is the replay fixture directory, relative to PROJECT_ROOT (as a user would type it). */
export const FIXTURES = 'test/fixtures/replay';

/** CliResult is what a spawned crd-admission run printed and returned. */
export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** runCrdAdmission spawns `node dist/cli/main.js ...args` in the project root, feeding stdin. */
export function runCrdAdmission(args: readonly string[], stdin = ''): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['dist/cli/main.js', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

/** jsonLines parses stdout of `--output json` / `--output record`. */
export function jsonLines(text: string): Record<string, unknown>[] {
  return text.split('\n').filter((l) => l.trim().length > 0).map((l) => JSON.parse(l) as Record<string, unknown>);
}
