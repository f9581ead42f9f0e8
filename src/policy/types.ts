import type { Operation } from '../admission/types.js';
import type { CelProgram } from '../cel/environment.js';
import type { ManifestSource } from '../config/manifest-files.js';
import type { MatchResources } from './match-resources.js';
import type { LabelSelector } from './selector.js';

/** FailurePolicy says what an evaluation error (not a false result) does: deny, or skip the policy. */
export type FailurePolicy = 'Fail' | 'Ignore';

/** CompiledExpression is one CEL expression of a policy, compiled at load. */
export interface CompiledExpression {
  /** The expression as written in the policy (used in messages). */
  readonly source: string;
  readonly program: CelProgram;
}

/** NamedExpression is a matchCondition or a variable. */
export interface NamedExpression {
  readonly name: string;
  readonly expression: CompiledExpression;
}

/** ParamKind names the kind of the parameter objects a policy reads as `params`. */
export interface ParamKind {
  readonly apiVersion: string;
  readonly kind: string;
}

/** ParamRef is a binding's reference to its parameter objects. */
export interface ParamRef {
  readonly name?: string;
  readonly selector?: LabelSelector;
  readonly namespace?: string;
  readonly parameterNotFoundAction: 'Allow' | 'Deny';
}

/** PolicyReason is the status reason of a failed validation, which decides the HTTP code. */
export type PolicyReason = 'Unauthorized' | 'Forbidden' | 'Invalid' | 'RequestEntityTooLarge';

/** Validation is one compiled `validations[]` entry. */
export interface Validation {
  readonly expression: CompiledExpression;
  readonly message?: string;
  readonly messageExpression?: CompiledExpression;
  readonly reason: PolicyReason;
  /** Paths under `object` the expression (and the policy's variables) read; undefined when it reads oldObject. */
  readonly references?: readonly (readonly string[])[];
}

/** AuditAnnotation is one compiled `auditAnnotations[]` entry. */
export interface AuditAnnotation {
  readonly key: string;
  readonly valueExpression: CompiledExpression;
}

/** PolicyCommon is what validating, mutating and defaulting policies share. */
export interface PolicyCommon {
  readonly name: string;
  readonly source: ManifestSource;
  readonly failurePolicy: FailurePolicy;
  readonly paramKind?: ParamKind;
  readonly matchConstraints: MatchResources;
  readonly matchConditions: readonly NamedExpression[];
  readonly variables: readonly NamedExpression[];
}

/** ValidatingPolicy is a compiled ValidatingAdmissionPolicy. */
export interface ValidatingPolicy extends PolicyCommon {
  readonly kind: 'ValidatingAdmissionPolicy';
  readonly validations: readonly Validation[];
  readonly auditAnnotations: readonly AuditAnnotation[];
  /** Our addition: failing validations on unchanged fields become warnings on UPDATE. */
  readonly ratcheting: boolean;
}

/** ValidationAction is what a binding does with a failed validation. */
export type ValidationAction = 'Deny' | 'Warn' | 'Audit';

/** PolicyBinding is a compiled Validating- or MutatingAdmissionPolicyBinding. */
export interface PolicyBinding {
  readonly name: string;
  readonly source: ManifestSource;
  readonly policyName: string;
  readonly paramRef?: ParamRef;
  readonly matchResources: MatchResources;
  /** Validating bindings only; in the order written (the audit annotation lists them so). */
  readonly validationActions: readonly ValidationAction[];
}

/** FieldPath is a field a default sets, as the keys from the root (`spec.owner` → ["spec", "owner"]). */
export type FieldPath = readonly string[];

/** Mutation is one compiled change: a MutatingAdmissionPolicy JSONPatch, or a DefaultingPolicy default. */
export type Mutation =
  | { readonly type: 'JSONPatch'; readonly expression: CompiledExpression }
  | { readonly type: 'ApplyConfiguration'; readonly expression: CompiledExpression }
  | {
      readonly type: 'Default';
      readonly field: FieldPath;
      /** The field as written, for messages. */
      readonly fieldText: string;
      readonly expression: CompiledExpression;
      readonly operations: ReadonlySet<Operation>;
    };

/** MutatingPolicy is a compiled MutatingAdmissionPolicy or DefaultingPolicy. */
export interface MutatingPolicy extends PolicyCommon {
  readonly kind: 'MutatingAdmissionPolicy' | 'DefaultingPolicy';
  readonly mutations: readonly Mutation[];
}
