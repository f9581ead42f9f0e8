/** PruningMode is what /mutate and /validate do with fields the schema does not know. */
export type PruningMode = 'prune' | 'strict' | 'off';

/** PipelineSettings are the server-wide switches that change how requests are judged. */
export interface PipelineSettings {
  /** prune (default): remove unknown fields in the patch with a warning each; strict: deny on /validate; off: leave them. */
  readonly pruning: PruningMode;
  /** Validation ratcheting on UPDATE (KEP-4008); on by default as in Kubernetes >= 1.30. */
  readonly ratcheting: boolean;
  /** Wall-clock milliseconds all TypeScript rules of one request may take together (default 100). */
  readonly ruleBudgetMs?: number;
}

export const DEFAULT_SETTINGS: PipelineSettings = Object.freeze({ pruning: 'prune', ratcheting: true });
