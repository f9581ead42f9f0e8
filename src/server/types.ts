import type { AdmissionReviewResponse, Endpoint } from '../admission/codec.js';
import type { PipelineCounts } from '../admission/decision.js';
import type { AdmissionReviewRequest } from '../admission/types.js';
import type { Configuration } from '../config/load.js';

/** ConfigurationSource hands out the configuration in force; reload swaps what current() returns. */
export interface ConfigurationSource {
  current(): Configuration;
}

/** ReviewedEvent is what the server reports after answering a review (for capture writers). */
export interface ReviewedEvent {
  readonly endpoint: Endpoint;
  readonly review: AdmissionReviewRequest;
  readonly response: AdmissionReviewResponse;
  readonly durationMs: number;
  /** True when no loaded CRD describes the resource (the review was allowed unchecked). */
  readonly unknownResource?: boolean;
  /** What the pipeline stages counted (rule errors, cost-limit hits, ratcheted errors), for metrics. */
  readonly counts?: PipelineCounts;
}

/** KeyPair is a serving certificate (PEM, may include the chain) and its private key. */
export interface KeyPair {
  readonly cert: string | Buffer;
  readonly key: string | Buffer;
}

/** KeyPairSource announces new serving key pairs (for example files rotated by cert-manager). */
export interface KeyPairSource {
  /** onChange registers the listener that receives each new pair. */
  onChange(listener: (pair: KeyPair) => void): void;
}
