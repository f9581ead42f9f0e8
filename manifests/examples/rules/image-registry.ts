/**
 * image-registry: the images of WebApp containers must come from one of the
 * company's registries, except in the `sandbox` namespace. On UPDATE an image
 * that a container already had is let through with a warning, so WebApps
 * created before this rule can still be scaled or relabelled.
 */
import { defineRule, isList, isObject } from 'crd-admission/rules';
import type { FieldError, ReadonlyJsonValue, RuleContext } from 'crd-admission/rules';

const ALLOWED_REGISTRIES: readonly string[] = ['registry.example.com', 'ghcr.io/example-org'];
const EXEMPT_NAMESPACES: readonly string[] = ['sandbox'];

function fromAllowedRegistry(image: string): boolean {
  return ALLOWED_REGISTRIES.some((registry) => image.startsWith(`${registry}/`));
}

/** previousImage is the image the container of the same name had before this UPDATE (containers are a map-list keyed by name). */
function previousImage(ctx: RuleContext, name: ReadonlyJsonValue | undefined): ReadonlyJsonValue | undefined {
  const old = ctx.getOld('spec.containers');
  if (!isList(old)) return undefined;
  const container = old.find((item) => isObject(item) && item.name === name);
  return isObject(container) ? container.image : undefined;
}

export default defineRule({
  name: 'image-registry',
  description: 'WebApp images must come from an allowed registry, except in the sandbox namespace.',
  match: { groups: ['platform.example.com'], kinds: ['WebApp'], operations: ['CREATE', 'UPDATE'] },
  validate(ctx) {
    if (ctx.namespace !== undefined && EXEMPT_NAMESPACES.includes(ctx.namespace)) return;
    const errors: FieldError[] = [];
    ctx.list('spec.containers').forEach((container, index) => {
      const image = isObject(container) ? container.image : undefined;
      if (!isObject(container) || typeof image !== 'string' || fromAllowedRegistry(image)) return;
      const field = `spec.containers[${index}].image`;
      if (ctx.operation === 'UPDATE' && previousImage(ctx, container.name) === image) {
        ctx.warn(`${field}: image ${JSON.stringify(image)} is not from an allowed registry; it is kept because it is unchanged`);
        return;
      }
      errors.push(ctx.invalid(field, image, `must come from an allowed registry: ${ALLOWED_REGISTRIES.join(', ')}`));
    });
    return errors;
  },
});
