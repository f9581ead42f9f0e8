import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { ConfigError } from '../config/errors.js';
import { parseManifestText } from '../config/manifest-files.js';
import type { InputLocation } from './types.js';

/** STDIN_INPUT is the input name that reads standard input. */
export const STDIN_INPUT = '-';

/** REPLAY_EXTENSIONS are the files a directory input contributes (reviews, JSON Lines, audit logs). */
export const REPLAY_EXTENSIONS: ReadonlySet<string> = new Set(['.json', '.yaml', '.yml', '.jsonl', '.ndjson', '.log', '.audit']);

/** InputDocument is one parsed JSON/YAML document of an input, or why it could not be read. */
export type InputDocument =
  | { readonly kind: 'document'; readonly at: InputLocation; readonly value: unknown }
  | { readonly kind: 'error'; readonly at: InputLocation; readonly reason: string };

/** InputFile is one expanded input: a file path, or stdin; `bytes` is its size when known. */
export interface InputFile {
  readonly path: string;
  readonly bytes?: number;
}

/**
 * expandInputs turns the command line inputs into files: directories are
 * walked recursively (sorted, hidden entries skipped). A path that cannot be
 * read is returned as an error document instead, so the others still run.
 */
export async function expandInputs(paths: readonly string[]): Promise<(InputFile | InputDocument)[]> {
  const out: (InputFile | InputDocument)[] = [];
  for (const path of paths) {
    if (path === STDIN_INPUT) {
      out.push({ path });
      continue;
    }
    try {
      const info = await stat(path);
      if (!info.isDirectory()) {
        out.push({ path, bytes: info.size });
        continue;
      }
      const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      const children = entries
        .filter((e) => !e.name.startsWith('.') && (e.isDirectory() || REPLAY_EXTENSIONS.has(extname(e.name).toLowerCase())))
        .map((e) => join(path, e.name));
      out.push(...(await expandInputs(children)));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? String(error);
      out.push({ kind: 'error', at: { file: path, line: 0 }, reason: `cannot read: ${code}` });
    }
  }
  return out;
}

/**
 * readInputDocuments streams the documents of one input. JSON Lines (and
 * audit logs) are read line by line, so memory stays flat whatever the size;
 * a file whose first line is not a whole JSON value is parsed as one JSON or
 * YAML (multi-document) text. Malformed lines are error documents and reading
 * goes on; an input without any document is an error too.
 */
export async function* readInputDocuments(
  file: InputFile,
  stdin: NodeJS.ReadableStream,
  onBytes: (n: number) => void = () => {},
): AsyncGenerator<InputDocument> {
  const stream: Readable | NodeJS.ReadableStream = file.path === STDIN_INPUT ? stdin : createReadStream(file.path);
  const failures: InputDocument[] = [];
  stream.on('data', (chunk: Buffer | string) => onBytes(chunk.length));
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (failures.length === 0) failures.push({ kind: 'error', at: { file: file.path, line: 0 }, reason: `cannot read: ${error.code ?? error.message}` });
  });
  const lines = createInterface({ input: stream, crlfDelay: Infinity });
  let lineNumber = 0;
  let documents = 0;
  let whole: string[] | undefined; // set once the input turns out not to be JSON Lines
  let wholeStart = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (whole) {
        whole.push(line);
        continue;
      }
      const text = line.trim();
      if (text.length === 0) continue;
      if (documents === 0 && !looksLikeJsonLine(text)) {
        whole = [line];
        wholeStart = lineNumber;
        continue;
      }
      documents++;
      yield parseJsonLine(text, { file: file.path, line: lineNumber });
    }
  } catch (error) {
    if (failures.length === 0) failures.push({ kind: 'error', at: { file: file.path, line: lineNumber }, reason: `cannot read: ${(error as Error).message}` });
  }
  if (whole) {
    for (const doc of parseWholeText(whole.join('\n'), file.path, wholeStart)) {
      documents++;
      yield doc;
    }
  }
  yield* failures;
  if (documents === 0 && failures.length === 0) {
    yield { kind: 'error', at: { file: file.path, line: 1 }, reason: 'empty input: no AdmissionReview or audit event found' };
  }
}

/**
 * A JSON Lines file (or audit log) starts with a line holding an object; a
 * lone `{` opens a pretty-printed JSON document, anything else is YAML. A
 * truncated first line still counts as a line, so it cannot hide the others.
 */
function looksLikeJsonLine(text: string): boolean {
  return text.startsWith('{') && text.length > 1;
}

function parseJsonLine(text: string, at: InputLocation): InputDocument {
  try {
    return { kind: 'document', at, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'error', at, reason: `malformed or truncated JSON line: ${(error as Error).message}` };
  }
}

/** lineAt turns a JSON.parse error position into a 1-based line (the last line when it has none: the text ended early). */
function lineAt(text: string, message: string): number {
  const position = /at position (\d+)/.exec(message);
  const end = position ? Number(position[1]) : text.length;
  let line = 1;
  for (let i = 0; i < end && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function parseWholeText(text: string, file: string, firstLine: number): InputDocument[] {
  if (text.trimStart().startsWith('{')) {
    // Pretty-printed JSON: JSON's own error says more than YAML's would.
    try {
      return [{ kind: 'document', at: { file, line: firstLine }, value: JSON.parse(text) as unknown }];
    } catch (error) {
      const message = (error as Error).message;
      return [{ kind: 'error', at: { file, line: lineAt(text, message) + firstLine - 1 }, reason: `malformed JSON: ${message}` }];
    }
  }
  try {
    return parseManifestText(text, file).map((doc) => ({
      kind: 'document' as const,
      at: { file, line: doc.source.line + firstLine - 1 },
      value: doc.value,
    }));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return [{ kind: 'error', at: { file, line: (error.line ?? 1) + firstLine - 1 }, reason: `malformed document: ${error.problem}` }];
  }
}
