import type { Environment } from '@marcbachmann/cel-js';
import { registerTwoVarComprehensions } from './comprehensions.js';
import { registerFormat } from './format.js';
import { registerImage } from './image.js';
import { registerIpCidr } from './ip.js';
import { registerLists } from './lists.js';
import { registerListsExt } from './lists-ext.js';
import { registerOptionals } from './optionals.js';
import { registerQuantity } from './quantity.js';
import { registerRegex } from './regex.js';
import { registerSemver } from './semver.js';
import { registerSets } from './sets.js';
import { registerStrings } from './strings.js';
import { registerTime } from './time.js';
import { registerUrls } from './url.js';

export { REGEX_FUNCTIONS, RE2_MATCHES } from './regex.js';

/** registerKubernetesLibraries adds every Kubernetes CEL library to a base environment. */
export function registerKubernetesLibraries(env: Environment): void {
  registerRegex(env);
  registerTime(env);
  registerStrings(env);
  registerLists(env);
  registerListsExt(env);
  registerSets(env);
  registerTwoVarComprehensions(env);
  registerQuantity(env);
  registerUrls(env);
  registerIpCidr(env);
  registerSemver(env);
  registerFormat(env);
  registerOptionals(env);
  registerImage(env);
}
