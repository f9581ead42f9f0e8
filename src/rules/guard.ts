import vm from 'node:vm';

/**
 * The wall-clock guard of TypeScript rules.
 *
 * Synchronous JavaScript cannot be interrupted from the same thread, except
 * by V8 itself: `vm` with `timeout` starts a watchdog thread that terminates
 * the running script when time is up, even inside functions of the main
 * realm (the rules), and a termination cannot be caught by the rule's own
 * try/catch. Starting the watchdog costs tens of microseconds, so the
 * stage guards one call per request that runs all matching rules.
 */
interface Guard {
  readonly context: vm.Context;
  readonly script: vm.Script;
}

let guard: Guard | undefined;
let guardedWork: (() => void) | undefined;

function createGuard(): Guard {
  const context = vm.createContext({ runGuardedWork: (): void => guardedWork?.() });
  return { context, script: new vm.Script('runGuardedWork()', { filename: 'crd-admission-rule-guard' }) };
}

/** GuardOutcome says whether guarded work finished or was stopped when its time ran out. */
export type GuardOutcome = 'finished' | 'timed-out';

function isTimeout(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | null)?.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/**
 * runWithTimeout runs `work` and stops it after `budgetMs` milliseconds of
 * wall-clock time. Errors `work` throws propagate; it is not re-entrant.
 */
export function runWithTimeout(work: () => void, budgetMs: number): GuardOutcome {
  guard ??= createGuard();
  guardedWork = work;
  try {
    guard.script.runInContext(guard.context, { timeout: Math.max(1, Math.ceil(budgetMs)) });
    return 'finished';
  } catch (error) {
    if (isTimeout(error)) return 'timed-out';
    throw error;
  } finally {
    guardedWork = undefined;
  }
}
