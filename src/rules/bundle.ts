import { dirname, extname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BuildFailure, Message, Plugin } from 'esbuild';
import { ConfigError } from '../config/errors.js';

// The rule API next to this module: dist/rules/api.js when installed, src/rules/api.ts under the test runner.
const RULE_API_MODULE = fileURLToPath(new URL(`./api${extname(fileURLToPath(import.meta.url))}`, import.meta.url));

/** ruleApiPlugin resolves `crd-admission/rules` to this package's API, wherever the rule file lives. */
const ruleApiPlugin: Plugin = {
  name: 'crd-admission-rules-api',
  setup(build) {
    build.onResolve({ filter: /^crd-admission\/rules$/ }, () => ({ path: RULE_API_MODULE }));
  },
};

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}

/** buildError names the file esbuild complains about: the rule file as given, or the helper it imports. */
function buildError(file: string, error: unknown): ConfigError {
  const first: Message | undefined = isBuildFailure(error) ? error.errors[0] : undefined;
  if (!first) return new ConfigError(file, `cannot compile: ${(error as Error).message}`);
  const where = first.location;
  const located = where ? resolve(dirname(resolve(file)), where.file) : resolve(file);
  const source = located === resolve(file) ? file : located;
  return new ConfigError(source, `cannot compile: ${first.text}`, undefined, where?.line, where ? where.column + 1 : undefined);
}

/**
 * bundleRuleFile compiles a rule file (TypeScript or JavaScript) and what it
 * imports into one self-contained ES module, with esbuild. Node builtins stay
 * imports; `require` and `import.meta.url` keep pointing at the rule file.
 */
export async function bundleRuleFile(file: string): Promise<string> {
  const { build } = await import('esbuild');
  const absolute = resolve(file);
  const url = pathToFileURL(absolute).href;
  try {
    const result = await build({
      entryPoints: [absolute],
      absWorkingDir: dirname(absolute),
      bundle: true,
      write: false,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      logLevel: 'silent',
      plugins: [ruleApiPlugin],
      define: {
        'import.meta.url': JSON.stringify(url),
        'import.meta.filename': JSON.stringify(absolute),
        'import.meta.dirname': JSON.stringify(dirname(absolute)),
      },
      banner: {
        js: `import { createRequire as __crdAdmissionCreateRequire } from 'node:module'; const require = __crdAdmissionCreateRequire(${JSON.stringify(url)});`,
      },
    });
    const output = result.outputFiles[0];
    if (!output) throw new Error('esbuild produced no output');
    return output.text;
  } catch (error) {
    throw buildError(file, error);
  }
}
