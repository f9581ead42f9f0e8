import type { ConfigSources } from '../config/load.js';
import { BUNDLED_EXAMPLES } from '../config/load.js';
import type { PipelineSettings, PruningMode } from '../pipeline/settings.js';
import { DEFAULT_SETTINGS } from '../pipeline/settings.js';
import { choiceFlag } from './flags.js';

/** CONFIG_FLAG_OPTIONS are the parseArgs options every command that loads a configuration accepts. */
export const CONFIG_FLAG_OPTIONS = {
  crds: { type: 'string', multiple: true },
  policies: { type: 'string', multiple: true },
  rules: { type: 'string', multiple: true },
  namespaces: { type: 'string', multiple: true },
  params: { type: 'string', multiple: true },
  pruning: { type: 'string' },
  'no-ratcheting': { type: 'boolean' },
} as const;

/** CONFIG_FLAG_USAGE documents CONFIG_FLAG_OPTIONS for usage texts. */
export const CONFIG_FLAG_USAGE = `  --crds PATH           CRD files or directories (repeatable; default: the bundled examples)
  --policies PATH       admission policies and bindings (repeatable)
  --rules DIR           directories of TypeScript/JavaScript rules (repeatable)
  --namespaces FILE     Namespace objects for namespaceSelector (repeatable)
  --params PATH         parameter objects for policies (repeatable)
  --pruning MODE        prune (default), strict or off
  --no-ratcheting       turn validation ratcheting off on UPDATE`;

/** ConfigFlagValues are the parsed values of CONFIG_FLAG_OPTIONS. */
export interface ConfigFlagValues {
  readonly crds?: string[];
  readonly policies?: string[];
  readonly rules?: string[];
  readonly namespaces?: string[];
  readonly params?: string[];
  readonly pruning?: string;
  readonly 'no-ratcheting'?: boolean;
}

const PRUNING_MODES: readonly PruningMode[] = ['prune', 'strict', 'off'];

/** configFromFlags turns the flags into configuration sources and pipeline settings, as serve reads them. */
export function configFromFlags(values: ConfigFlagValues): { sources: ConfigSources; settings: PipelineSettings } {
  const pruning = choiceFlag('pruning', values.pruning, PRUNING_MODES, DEFAULT_SETTINGS.pruning);
  return {
    sources: {
      crdPaths: values.crds && values.crds.length > 0 ? values.crds : [BUNDLED_EXAMPLES],
      policyPaths: values.policies ?? [],
      paramPaths: values.params ?? [],
      namespacePaths: values.namespaces ?? [],
      ruleDirs: values.rules ?? [],
    },
    settings: { pruning, ratcheting: !values['no-ratcheting'] },
  };
}
