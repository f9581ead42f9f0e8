import { performance } from 'node:perf_hooks';

/** PER_CALL_COST_LIMIT is Kubernetes' PerCallLimit: cost units one evaluation may spend. */
export const PER_CALL_COST_LIMIT = 1_000_000;
/** PER_REQUEST_COST_BUDGET is Kubernetes' RuntimeCELCostBudget: units all rules of one object may spend. */
export const PER_REQUEST_COST_BUDGET = 10_000_000;
/**
 * PER_CALL_TIME_LIMIT_MS is our wall-clock safety net behind the unit count: work the unit
 * model does not see (a built-in `in` over a long list inside a loop) still stops.
 */
export const PER_CALL_TIME_LIMIT_MS = 250;

/** COST_LIMIT_MESSAGE is cel-go's error for an evaluation over its cost limit. */
export const COST_LIMIT_MESSAGE = 'operation cancelled: actual cost limit exceeded';
/** TIME_LIMIT_MESSAGE is the error of an evaluation stopped by the wall-clock guard. */
export const TIME_LIMIT_MESSAGE = 'operation cancelled: evaluation time limit exceeded';

/**
 * CostLimitExceeded is thrown inside an evaluation that ran out of units or time. It
 * is an Error because the engine's error absorption (`||`, `all`) tests `instanceof
 * Error`; the meter remembers the trip, so absorption cannot hide it.
 */
export class CostLimitExceeded extends Error {
  constructor(readonly reason: 'cost' | 'time') {
    super(reason === 'cost' ? COST_LIMIT_MESSAGE : TIME_LIMIT_MESSAGE);
    this.name = 'CostLimitExceeded';
  }
}

// Preallocated: throwing them in a loop costs no stack capture.
const COST_TRIP = new CostLimitExceeded('cost');
const TIME_TRIP = new CostLimitExceeded('time');
const TIME_CHECK_EVERY = 256;

/** CostMeter counts the units of one evaluation against its limit and deadline. */
export class CostMeter {
  units = 0;
  tripped: CostLimitExceeded | undefined;
  private nextTimeCheck = TIME_CHECK_EVERY;
  private deadline = Number.POSITIVE_INFINITY;

  /**
   * The clock is read only once an evaluation has spent TIME_CHECK_EVERY units:
   * cheap evaluations (nearly all) never pay for it. The per-call limit then
   * counts from that moment, never beyond `hardDeadline` (the request's).
   */
  constructor(
    private limit: number,
    private readonly timeLimitMs: number,
    private hardDeadline = Number.POSITIVE_INFINITY,
  ) {}

  /** restart makes the meter new again for another evaluation (one meter per program, not per call). */
  restart(limit: number, hardDeadline = Number.POSITIVE_INFINITY): this {
    this.units = 0;
    this.tripped = undefined;
    this.nextTimeCheck = TIME_CHECK_EVERY;
    this.deadline = Number.POSITIVE_INFINITY;
    this.limit = limit;
    this.hardDeadline = hardDeadline;
    return this;
  }

  /** charge adds units; it throws once the limit or the deadline is passed (and on every call after). */
  charge(units: number): void {
    if (this.tripped) throw this.tripped;
    this.units += units;
    if (this.units > this.limit) throw (this.tripped = COST_TRIP);
    if (this.units >= this.nextTimeCheck) this.checkTime();
  }

  private checkTime(): void {
    this.nextTimeCheck = this.units + TIME_CHECK_EVERY;
    const now = performance.now();
    if (this.deadline === Number.POSITIVE_INFINITY) this.deadline = Math.min(now + this.timeLimitMs, this.hardDeadline);
    if (now > this.deadline) throw (this.tripped = TIME_TRIP);
  }
}

/** PER_REQUEST_TIME_LIMIT_MS bounds the wall-clock time of all evaluations of one request. */
export const PER_REQUEST_TIME_LIMIT_MS = 1_000;

/** CostBudget is what is left for the rest of one request (all its rules): units and a deadline. */
export interface CostBudget {
  remaining: number;
  /** performance.now() after which no evaluation of the request may run. */
  readonly deadline: number;
}

/** newCostBudget starts the budget of one request. */
export function newCostBudget(units = PER_REQUEST_COST_BUDGET, timeLimitMs = PER_REQUEST_TIME_LIMIT_MS): CostBudget {
  return { remaining: units, deadline: performance.now() + timeLimitMs };
}


let current: CostMeter | undefined;

/** chargeCost charges units to the evaluation in progress (library functions call it). */
export function chargeCost(units: number): void {
  if (current !== undefined) current.charge(units);
}

/** stringCost is cel-go's traversal cost of a string: 0.1 unit per character. */
export function stringCost(text: string): number {
  return 1 + Math.ceil(text.length * 0.1);
}

/**
 * enterMeter makes `meter` the one library functions charge, and returns the
 * meter it replaces (hand it to leaveMeter). Evaluation is synchronous, so a
 * module-level "current meter" is safe; nested evaluations restore the outer one.
 */
export function enterMeter(meter: CostMeter): CostMeter | undefined {
  const outer = current;
  current = meter;
  return outer;
}

/** leaveMeter ends the evaluation started by enterMeter. */
export function leaveMeter(outer: CostMeter | undefined): void {
  current = outer;
}

/** metered runs one evaluation under a fresh meter; a tripped meter is the error, whatever the evaluation did with it. */
export function metered<T>(limit: number, timeLimitMs: number, deadline: number | undefined, run: () => T): { value?: T; error?: unknown; meter: CostMeter } {
  const meter = new CostMeter(limit, timeLimitMs, deadline);
  const outer = enterMeter(meter);
  try {
    const value = run();
    return meter.tripped ? { error: meter.tripped, meter } : { value, meter };
  } catch (error) {
    return { error: meter.tripped ?? error, meter };
  } finally {
    leaveMeter(outer);
  }
}
