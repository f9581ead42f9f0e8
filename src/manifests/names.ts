/** DNS-1123 and DNS-1035 name checks for the names the manifests command is given. */
import { isDns1035Label, isDns1123Label, isDns1123Subdomain } from '../util/k8s-names.js';

const first = (problems: readonly string[]): string | undefined => problems[0];

/** dns1123LabelProblem is IsDNS1123Label: namespace names. */
export const dns1123LabelProblem = (value: string): string | undefined => first(isDns1123Label(value));

/** dns1035LabelProblem is IsDNS1035Label: Service names. */
export const dns1035LabelProblem = (value: string): string | undefined => first(isDns1035Label(value));

/** dns1123SubdomainProblem is IsDNS1123Subdomain: most object names. */
export const dns1123SubdomainProblem = (value: string): string | undefined => first(isDns1123Subdomain(value));
