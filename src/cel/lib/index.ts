import type { Environment } from '@marcbachmann/cel-js';
import { registerRegex } from './regex.js';
import { registerTime } from './time.js';

export { REGEX_FUNCTIONS, RE2_MATCHES } from './regex.js';

/** registerKubernetesLibraries adds every Kubernetes CEL library to a base environment. */
export function registerKubernetesLibraries(env: Environment): void {
  registerRegex(env);
  registerTime(env);
}
