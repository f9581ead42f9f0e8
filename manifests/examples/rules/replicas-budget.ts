/**
 * replicas-budget: only members of the `platform-team` group may ask for more
 * than 5 replicas of a CronTab or a WebApp. An UPDATE that leaves an existing
 * replica count unchanged is allowed, so other edits are not blocked.
 */
import { defineRule } from 'crd-admission/rules';

const MAX_REPLICAS = 5;
const PRIVILEGED_GROUP = 'platform-team';

export default defineRule({
  name: 'replicas-budget',
  description: `Only members of ${PRIVILEGED_GROUP} may set spec.replicas above ${MAX_REPLICAS}.`,
  match: { kinds: ['CronTab', 'WebApp'], operations: ['CREATE', 'UPDATE'] },
  validate(ctx) {
    const replicas = ctx.get('spec.replicas');
    if (typeof replicas !== 'number' || replicas <= MAX_REPLICAS) return;
    if (ctx.inGroup(PRIVILEGED_GROUP)) return;
    if (ctx.operation === 'UPDATE' && ctx.getOld('spec.replicas') === replicas) return;
    return [
      ctx.forbidden('spec.replicas', `only members of group "${PRIVILEGED_GROUP}" may set more than ${MAX_REPLICAS} replicas`),
    ];
  },
});
