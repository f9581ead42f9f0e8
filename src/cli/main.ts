#!/usr/bin/env node
import type { CliIo } from './command.js';
import { runCli } from './run.js';

const io: CliIo = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
};

runCli(process.argv.slice(2), io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`crd-admission: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
