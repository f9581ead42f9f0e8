import type { ASTNode } from '@marcbachmann/cel-js';
import type { CheckedNode, RawNode } from './ast.js';
import { currentEvaluate, walkAst } from './ast.js';
import type { CelField } from './values.js';
import { CelObject } from './values.js';

// What the engine's `.` node carries after type-checking: its operands and the
// handler it calls with the evaluated object (the engine's own field access).
interface FieldNode extends CheckedNode {
  left?: RawNode;
  right?: unknown;
  handle?: (object: unknown, key: string, ast: RawNode, ev: unknown) => unknown;
}

// The engine's view of a registered object type: the declared type of each field.
interface FieldType {
  matchesValueType(value: unknown, ev: unknown): boolean;
}
// The engine's evaluation scope (its root and comprehension contexts both have it).
interface Scope {
  getValue(name: string): unknown;
}
interface Evaluator {
  readonly objectTypesByConstructor: ReadonlyMap<unknown, { readonly fields?: Readonly<Record<string, FieldType>> }>;
}

/**
 * readObjectFields makes `object.field` on schema objects (CelObject) read the
 * field by its position, remembered per object class at the node, instead of the
 * engine's generic lookup (type registry, then a property getter by name). The
 * value is returned only when the engine would return it as is (present, and of
 * the declared type, checked by the engine's own matcher); anything else (absent
 * field, other values) goes to the engine's handler, which raises its errors.
 */
export function readObjectFields(root: ASTNode): void {
  walkAst(root, (raw) => {
    const node = raw as FieldNode;
    const left = node.left;
    const key = node.right;
    const handle = node.handle;
    if (node.op !== '.' || left === undefined || typeof key !== 'string' || handle === undefined) return;
    if ((left as CheckedNode).checkedType?.kind !== 'message') return;
    // Only a plain field access (not a macro expansion) is replaced.
    if (currentEvaluate(node) !== node.meta?.evaluate) return;
    let seen: unknown;
    let fields: readonly CelField[] = [];
    let index = -1;
    let type: FieldType | undefined;
    // The engine's matchers decide objects by their class alone: remember the last class that matched.
    let matched: unknown;
    node.evaluate = function objectField(ev, ast, ctx) {
      const object = left.evaluate(ev, left, ctx);
      if (typeof object === 'object' && object !== null) {
        const ctor = object.constructor;
        if (ctor !== seen) {
          if (!(object instanceof CelObject)) return handle(object, key, ast, ev);
          seen = ctor;
          fields = (ctor as typeof CelObject).fields;
          index = fields.findIndex((field) => field.celName === key);
          type = (ev as Evaluator).objectTypesByConstructor.get(ctor)?.fields?.[key];
          matched = undefined;
        }
        if (index >= 0 && type !== undefined) {
          const value = CelObject.fieldAt(object as CelObject, fields, index);
          if (value === undefined) return handle(object, key, ast, ev);
          if (typeof value !== 'object' || value === null) {
            if (type.matchesValueType(value, ev)) return value;
          } else if (value.constructor === matched && matched !== undefined) return value;
          else if (type.matchesValueType(value, ev)) {
            matched = value.constructor;
            return value;
          }
        }
      }
      return handle(object, key, ast, ev);
    };
  });
}

/**
 * readObjectVariables skips the engine's type check of a variable of an object
 * type (`self`, a comprehension's `c`) once a value of the same class passed it
 * at that node: the check depends on the value's class alone. Anything else
 * goes through the engine's own lookup (and its errors and conversions).
 */
export function readObjectVariables(root: ASTNode): void {
  walkAst(root, (node) => {
    if (node.op !== 'id' || typeof node.args !== 'string') return;
    if ((node as CheckedNode).checkedType?.kind !== 'message') return;
    const inner = currentEvaluate(node);
    // A constant has a macro-like replacement: left to the engine.
    if (inner !== node.meta?.evaluate) return;
    const name = node.args;
    let matched: unknown;
    node.evaluate = function objectVariable(ev, ast, ctx) {
      const value = (ctx as Scope).getValue(name);
      if (typeof value === 'object' && value !== null && value.constructor === matched && matched !== undefined) return value;
      const checked = inner.call(this, ev, ast, ctx);
      if (checked === value && typeof value === 'object' && value !== null) matched = value.constructor;
      return checked;
    };
  });
}
