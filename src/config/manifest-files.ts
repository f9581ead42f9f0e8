import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { JsonValue } from '../util/json.js';
import { ConfigError } from './errors.js';

/** ManifestSource says where a document came from: file, document index and first line. */
export interface ManifestSource {
  readonly file: string;
  /** 0-based index of the document inside a multi-document file. */
  readonly document: number;
  /** 1-based line where the document starts. */
  readonly line: number;
}

/** ManifestDocument is one parsed YAML/JSON document. */
export interface ManifestDocument {
  readonly source: ManifestSource;
  readonly value: JsonValue;
}

const MANIFEST_EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

/** listManifestFiles expands files and directories (recursively, sorted) into manifest files. */
export async function listManifestFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      throw new ConfigError(path, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (info.isDirectory()) {
      const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
      const nested: string[] = [];
      for (const entry of entries) {
        if (entry.name.startsWith('.')) continue;
        const child = join(path, entry.name);
        if (entry.isDirectory()) nested.push(child);
        else if (MANIFEST_EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(child);
      }
      files.push(...(await listManifestFiles(nested)));
    } else {
      files.push(path);
    }
  }
  return files;
}

/**
 * parseManifestText parses YAML (one or more documents) or JSON text. A syntax
 * error is a ConfigError with the file, line and column.
 */
export function parseManifestText(text: string, file: string): ManifestDocument[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true, version: '1.2' });
  const list = Array.isArray(documents) ? documents : [documents];
  const out: ManifestDocument[] = [];
  list.forEach((doc, index) => {
    const firstError = doc.errors[0];
    if (firstError) {
      const pos = lineCounter.linePos(firstError.pos[0]);
      throw new ConfigError(file, firstError.message.split('\n')[0] ?? firstError.message, undefined, pos.line, pos.col);
    }
    const value = doc.toJS({ maxAliasCount: 100 }) as JsonValue | undefined;
    if (value === null || value === undefined) return; // empty document (e.g. a trailing ---)
    const start = doc.contents?.range?.[0] ?? 0;
    out.push({ source: { file, document: index, line: lineCounter.linePos(start).line }, value });
  });
  return out;
}

/** readManifests reads and parses every manifest under the given paths. */
export async function readManifests(paths: readonly string[]): Promise<ManifestDocument[]> {
  const files = await listManifestFiles(paths);
  const documents: ManifestDocument[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ConfigError(file, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    documents.push(...parseManifestText(text, file));
  }
  return documents;
}

/** describeSource renders a source as `file:line` (with the document index for multi-document files). */
export function describeSource(source: ManifestSource): string {
  return `${source.file}:${source.line}`;
}
