import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError } from '../config/errors.js';
import { isRule, ruleDefinitionProblem } from './api.js';
import { bundleRuleFile } from './bundle.js';
import type { LoadedRule } from './match.js';

/** BUNDLED_EXAMPLE_RULES is the directory of the example rules shipped with the package. */
export const BUNDLED_EXAMPLE_RULES = fileURLToPath(new URL('../../manifests/examples/rules', import.meta.url));

/** RULE_FILE_SUFFIXES are the files of a rule directory loaded as rules. */
export const RULE_FILE_SUFFIXES: readonly string[] = ['.ts', '.mts', '.js', '.mjs'];

// Declarations and tests may sit beside the rules; helpers go in subdirectories, which are not scanned.
const NOT_RULE_FILES = /(\.d\.m?ts|\.(test|spec)\.m?[jt]s)$/;

const isRuleFile = (name: string): boolean =>
  !name.startsWith('.') && RULE_FILE_SUFFIXES.some((suffix) => name.endsWith(suffix)) && !NOT_RULE_FILES.test(name);

/**
 * listRuleFiles expands each path: a file is a rule file, a directory gives
 * its rule files (not recursive), sorted by name. A directory without rule
 * files is an error: the operator asked for rules and would get none.
 */
export async function listRuleFiles(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(path)).isDirectory();
    } catch (error) {
      throw new ConfigError(path, `cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
    if (!isDirectory) {
      if (!RULE_FILE_SUFFIXES.some((suffix) => path.endsWith(suffix))) {
        throw new ConfigError(path, `not a rule file: rule files end in ${RULE_FILE_SUFFIXES.join(', ')}`);
      }
      files.push(path);
      continue;
    }
    const entries = await readdir(path, { withFileTypes: true });
    const names = entries.filter((e) => e.isFile() && isRuleFile(e.name)).map((e) => e.name).sort();
    if (names.length === 0) throw new ConfigError(path, `no rule files (${RULE_FILE_SUFFIXES.join(', ')}) in this directory`);
    files.push(...names.map((name) => join(path, name)));
  }
  return files;
}

async function importModule(file: string, code: string): Promise<Record<string, unknown>> {
  // A data: URL keyed by the code: an unchanged file reloads from the module cache, a changed one anew.
  const url = `data:text/javascript;base64,${Buffer.from(code).toString('base64')}`;
  try {
    return (await import(/* @vite-ignore */ url)) as Record<string, unknown>;
  } catch (error) {
    throw new ConfigError(file, `cannot load: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** rulesOfModule checks that every export of a rule file is a rule and returns them once each. */
function rulesOfModule(file: string, namespace: Record<string, unknown>): LoadedRule[] {
  const exports = Object.entries(namespace);
  if (exports.length === 0) {
    throw new ConfigError(file, 'exports no rule: export default defineRule({...}) from "crd-admission/rules"');
  }
  const rules: LoadedRule[] = [];
  for (const [exportName, value] of exports) {
    if (!isRule(value)) {
      throw new ConfigError(file, `export "${exportName}" is not a rule: make it with defineRule() from "crd-admission/rules"`);
    }
    const problem = ruleDefinitionProblem(value);
    if (problem !== undefined) throw new ConfigError(file, `export "${exportName}": ${problem}`);
    if (!rules.some((loaded) => loaded.rule === value)) rules.push({ rule: value, file });
  }
  return rules;
}

function checkUniqueNames(rules: readonly LoadedRule[]): void {
  const seen = new Map<string, string>();
  for (const { rule, file } of rules) {
    const other = seen.get(rule.name);
    if (other !== undefined) throw new ConfigError(file, `rule name "${rule.name}" is already used by ${other}`);
    seen.set(rule.name, file);
  }
}

/**
 * loadRules compiles and imports the rule files under the given paths. A file
 * that does not compile, throws when imported, exports nothing or exports
 * something that is not a rule, and a rule name used twice, reject with a
 * ConfigError naming the file.
 */
export async function loadRules(paths: readonly string[]): Promise<LoadedRule[]> {
  if (paths.length === 0) return [];
  const files = await listRuleFiles(paths);
  // Compile in parallel (esbuild works off-thread), then report the first failure in file order.
  const bundles = await Promise.allSettled(files.map((file) => bundleRuleFile(file)));
  const rules: LoadedRule[] = [];
  for (const [index, file] of files.entries()) {
    const bundle = bundles[index] as PromiseSettledResult<string>;
    if (bundle.status === 'rejected') throw bundle.reason;
    rules.push(...rulesOfModule(file, await importModule(file, bundle.value)));
  }
  checkUniqueNames(rules);
  return rules;
}
