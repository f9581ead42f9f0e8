import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CLI_MAIN } from '../helpers/cli.js';

// `npx crd-admission` on a fresh clone runs the bin file itself: it must be executable.
describe('the crd-admission bin', () => {
  it('runs directly, without `node` in front', async () => {
    const { stdout } = await promisify(execFile)(CLI_MAIN, ['--help']);
    expect(stdout).toContain('Usage: crd-admission <command> [flags]');
  });
});
