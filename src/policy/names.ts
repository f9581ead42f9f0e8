/**
 * Name checks for the names a policy document carries (object names, label
 * keys and values, CEL identifiers), answering the first problem apimachinery
 * would report, or undefined when the name is valid.
 */
import { isDns1123Label, isDns1123Subdomain, isQualifiedName, isValidLabelValue } from '../util/k8s-names.js';

const CEL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

const first = (problems: readonly string[]): string | undefined => problems[0];

/** dns1123SubdomainProblem is IsDNS1123Subdomain: undefined when valid. */
export const dns1123SubdomainProblem = (value: string): string | undefined => first(isDns1123Subdomain(value));

/** dns1123LabelProblem is IsDNS1123Label (namespace names): undefined when valid. */
export const dns1123LabelProblem = (value: string): string | undefined => first(isDns1123Label(value));

/** qualifiedNameProblem is IsQualifiedName (label keys, condition names): undefined when valid. */
export const qualifiedNameProblem = (value: string): string | undefined => first(isQualifiedName(value));

/** labelValueProblem is IsValidLabelValue: undefined when valid (the empty value is valid). */
export const labelValueProblem = (value: string): string | undefined => first(isValidLabelValue(value));

/** celIdentifierProblem checks a variable name: a CEL identifier. */
export function celIdentifierProblem(value: string): string | undefined {
  return CEL_IDENTIFIER.test(value) ? undefined : 'name is not a valid CEL identifier';
}
