import type { ValidationRule } from '../../crd/types.js';
import type { CostBudget } from '../cost.js';
import type { CelProgram } from '../environment.js';

/** MAX_MESSAGE_EXPRESSION_BYTES is Kubernetes' limit on an evaluated messageExpression (5 KiB). */
export const MAX_MESSAGE_EXPRESSION_BYTES = 5 * 1024;

/** ruleErrorString is the apiserver's name of a rule in errors: its message, else its expression. */
export function ruleErrorString(rule: ValidationRule): string {
  if (rule.message !== undefined && rule.message.length > 0) return rule.message.trim();
  return rule.rule.trim();
}

/** ruleMessageOrDefault is the detail of a failed rule without messageExpression. */
export function ruleMessageOrDefault(rule: ValidationRule): string {
  if (rule.message === undefined || rule.message.length === 0) return `failed rule: ${ruleErrorString(rule)}`;
  return rule.message.trim();
}

/** MessageOutcome: a message to use, a fallback to the static message, or a budget stop. */
export type MessageOutcome =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'fallback'; readonly reason: string }
  | { readonly kind: 'stop'; readonly text: string };

/**
 * evaluateMessage runs a messageExpression as the apiserver does: an error, an
 * empty or blank string, line breaks or more than 5 KiB fall back to the message;
 * running out of budget stops validation.
 */
export function evaluateMessage(program: CelProgram, activation: Readonly<Record<string, unknown>>, budget: CostBudget): MessageOutcome {
  const result = program.evaluate(activation, budget);
  if (!result.ok) {
    if (result.costExceeded) {
      return { kind: 'stop', text: 'messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run' };
    }
    return { kind: 'fallback', reason: result.error };
  }
  if (typeof result.value !== 'string') return { kind: 'fallback', reason: 'messageExpression must evaluate to a string' };
  const text = result.value;
  if (text.trim().length === 0) return { kind: 'fallback', reason: 'messageExpression should evaluate to a non-empty string' };
  if (/[\r\n]/.test(text)) return { kind: 'fallback', reason: 'messageExpression should not contain line breaks' };
  if (Buffer.byteLength(text, 'utf8') > MAX_MESSAGE_EXPRESSION_BYTES) {
    return { kind: 'fallback', reason: `messageExpression beyond allowable length of ${MAX_MESSAGE_EXPRESSION_BYTES}` };
  }
  return { kind: 'ok', text };
}
