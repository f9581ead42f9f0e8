import { fileURLToPath } from 'node:url';
import { loadCrds } from '../crd/load.js';
import type { PipelineSettings } from '../pipeline/settings.js';
import { DEFAULT_SETTINGS } from '../pipeline/settings.js';
import { compileProfiles } from '../profiles/compile.js';
import type { ConfigInputs, ProfilePlugin } from '../profiles/plugin.js';
import { PROFILE_PLUGINS } from '../profiles/plugins.js';
import type { ProfileIndex } from '../profiles/profile.js';
import { loadRules } from '../rules/load.js';
import { readManifests } from './manifest-files.js';

/** BUNDLED_EXAMPLES is the directory of example CRDs served when no --crds is given. */
export const BUNDLED_EXAMPLES = fileURLToPath(new URL('../../manifests/examples/crds', import.meta.url));

/** BUNDLED_EXAMPLE_POLICIES is the directory of example admission policies for the example CRDs. */
export const BUNDLED_EXAMPLE_POLICIES = fileURLToPath(new URL('../../manifests/examples/policies', import.meta.url));

/** ConfigSources are the paths a configuration is read from. */
export interface ConfigSources {
  readonly crdPaths: readonly string[];
  /** Admission policies and bindings (validating and mutating), and computed defaults. */
  readonly policyPaths: readonly string[];
  /** Parameter objects referenced by policies' paramKind/paramRef. */
  readonly paramPaths?: readonly string[];
  /** Namespace objects, for namespaceSelector and namespaceObject. */
  readonly namespacePaths?: readonly string[];
  /** Directories (or single files) of TypeScript/JavaScript rules; see docs/rules.md. */
  readonly ruleDirs?: readonly string[];
}

/** Configuration is one compiled, immutable configuration; reload swaps the whole value. */
export interface Configuration {
  readonly profiles: ProfileIndex;
  readonly settings: PipelineSettings;
  readonly sources: ConfigSources;
  readonly loadedAt: Date;
}

/**
 * loadConfiguration reads and compiles CRDs, policies and TypeScript rules. Any broken file
 * rejects with a ConfigError naming the file, position and path.
 */
export async function loadConfiguration(
  sources: ConfigSources,
  settings: PipelineSettings = DEFAULT_SETTINGS,
  plugins: readonly ProfilePlugin[] = PROFILE_PLUGINS,
): Promise<Configuration> {
  const crdDocuments = await readManifests(sources.crdPaths);
  const policyDocuments = await readManifests(sources.policyPaths);
  const paramDocuments = await readManifests(sources.paramPaths ?? []);
  const namespaceDocuments = await readManifests(sources.namespacePaths ?? []);
  const crds = loadCrds(crdDocuments);
  // Rule modules are imported here, before the synchronous compile that hands them to the rules plugin.
  const rules = await loadRules(sources.ruleDirs ?? []);
  const inputs: ConfigInputs = { policyDocuments, paramDocuments, namespaceDocuments, rules, settings };
  const profiles = compileProfiles(crds, inputs, plugins);
  return { profiles, settings, sources, loadedAt: new Date() };
}
