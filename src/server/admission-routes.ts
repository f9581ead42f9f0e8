import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AdmissionReviewResponse, Endpoint } from '../admission/codec.js';
import { decodeReview, encodeReview } from '../admission/codec.js';
import type { PipelineCounts } from '../admission/decision.js';
import type { AdmissionReviewRequest } from '../admission/types.js';
import { admit, resolveProfile } from '../pipeline/admit.js';
import { HttpProblem } from './http-error.js';
import { parseJsonBody } from './json-body.js';
import { reviewLogLine } from './review-log.js';
import { parseTimeout } from './timeout.js';
import type { ConfigurationSource, ReviewedEvent } from './types.js';

/**
 * MAX_REVIEW_BYTES is controller-runtime's maxRequestSize: the apiserver
 * accepts objects up to 3 MiB (MaxRequestBodyBytes), a review may carry
 * object and oldObject, and 1 MiB covers the rest: 2 × 3 MiB + 1 MiB = 7 MiB.
 */
export const MAX_REVIEW_BYTES = (2 * 3 + 1) * 1024 * 1024;

/** AdmissionRoutesOptions are what the admission routes need from the server. */
export interface AdmissionRoutesOptions {
  readonly configuration: ConfigurationSource;
  readonly onReviewed?: (event: ReviewedEvent) => void;
}

// The answer rides on the request object (a fastify decoration): a WeakMap keyed by requests
// kept every request's review alive through young-generation collections (V8 scavenges treat
// ephemerons conservatively), which multiplied garbage-collection time per request.
declare module 'fastify' {
  interface FastifyRequest {
    admissionAnswer: Answered | null;
  }
}

interface Answered {
  readonly endpoint: Endpoint;
  readonly review: AdmissionReviewRequest;
  readonly response: AdmissionReviewResponse;
  readonly timeoutMs?: number;
  readonly unknownResource: boolean;
  readonly counts?: PipelineCounts;
}

const UTF8_CHARSET = /;\s*charset\s*=\s*"?utf-?8"?\s*(?:;|$)/i;
const ANY_CHARSET = /;\s*charset\s*=/i;

function parseReviewBody(request: FastifyRequest, body: Buffer): unknown {
  const contentType = request.headers['content-type'] ?? '';
  if (ANY_CHARSET.test(contentType) && !UTF8_CHARSET.test(contentType)) {
    throw new HttpProblem(415, 'UnsupportedMediaType', `content type ${JSON.stringify(contentType)} is not supported; send application/json in UTF-8`);
  }
  return parseJsonBody(body);
}

/** toProblem maps any error raised while reading a request to the refusal it stands for. */
function toProblem(error: FastifyError | HttpProblem): HttpProblem {
  if (error instanceof HttpProblem) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new HttpProblem(413, 'BodyTooLarge', `request body is larger than ${MAX_REVIEW_BYTES} bytes (7 MiB: two objects of 3 MiB, the apiserver's limit, plus 1 MiB)`);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new HttpProblem(415, 'UnsupportedMediaType', 'content type is not supported; send application/json');
    default:
      if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
        return new HttpProblem(error.statusCode, 'BadRequest', error.message);
      }
      return new HttpProblem(500, 'InternalError', 'internal error while reading the request');
  }
}

function handleError(error: FastifyError | HttpProblem, request: FastifyRequest, reply: FastifyReply): void {
  const problem = toProblem(error);
  if (problem.statusCode >= 500) request.log.error({ err: error }, 'request failed');
  else request.log.info({ path: request.url, statusCode: problem.statusCode, code: problem.code, problem: problem.message }, 'request refused');
  void reply.code(problem.statusCode).send(problem.toBody());
}

/**
 * admissionRoutes serves POST /validate and POST /mutate: read the JSON body
 * (its own parser, for precise errors), decode the review, admit it against
 * the current configuration, and encode the answer in the review's version.
 */
export async function admissionRoutes(app: FastifyInstance, options: AdmissionRoutesOptions): Promise<void> {
  app.decorateRequest('admissionAnswer', null);
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: MAX_REVIEW_BYTES }, (request, body, done) => {
    try {
      done(null, parseReviewBody(request, body as Buffer));
    } catch (error) {
      done(error as HttpProblem, undefined);
    }
  });
  app.setErrorHandler(handleError);

  app.addHook('onResponse', (request, reply, done) => {
    const entry = request.admissionAnswer;
    try {
      if (entry) reviewed(entry, reply.elapsedTime, request, options.onReviewed);
    } finally {
      done();
    }
  });

  for (const endpoint of ['validate', 'mutate'] as const) {
    app.post(`/${endpoint}`, { bodyLimit: MAX_REVIEW_BYTES }, async (request) => {
      if (request.body === undefined) throw new HttpProblem(400, 'EmptyBody', 'request body is empty; expected an AdmissionReview');
      const decoded = decodeReview(request.body);
      if (!decoded.ok) throw new HttpProblem(400, 'NotAnAdmissionReview', decoded.error.message);
      const { review } = decoded;
      // The apiserver gives up after ?timeout; admit is synchronous and bounded, so the answer is
      // always sent and a late one is flagged in the log line (the apiserver will have failed over).
      const timeoutMs = parseTimeout((request.query as Record<string, unknown> | undefined)?.timeout);
      const configuration = options.configuration.current();
      const decision = admit(review.request, endpoint, configuration);
      const response = encodeReview(review.apiVersion, review.request.uid, decision, endpoint);
      const unknownResource = resolveProfile(review.request, configuration) === undefined;
      request.admissionAnswer = { endpoint, review, response, unknownResource, ...(timeoutMs !== undefined ? { timeoutMs } : {}), ...(decision.counts ? { counts: decision.counts } : {}) };
      return response;
    });
  }
}

/** reviewed writes the review's log line and tells the onReviewed hook, after the reply is sent. */
function reviewed(entry: Answered, durationMs: number, request: FastifyRequest, hook: AdmissionRoutesOptions['onReviewed']): void {
  const timing = { durationMs, unknownResource: entry.unknownResource, ...(entry.timeoutMs !== undefined ? { timeoutMs: entry.timeoutMs } : {}) };
  request.log.info(reviewLogLine(entry.endpoint, entry.review.request, entry.response, timing), 'review');
  const { endpoint, review, response, unknownResource, counts } = entry;
  notify(hook, { endpoint, review, response, durationMs, unknownResource, ...(counts ? { counts } : {}) }, request);
}

/** notify calls the onReviewed hook after the reply; a hook failure is logged, never sent to the client. */
function notify(hook: AdmissionRoutesOptions['onReviewed'], event: ReviewedEvent, request: FastifyRequest): void {
  if (!hook) return;
  try {
    const result: unknown = hook(event);
    if (result instanceof Promise) result.catch((error: unknown) => request.log.error({ err: error }, 'onReviewed hook failed'));
  } catch (error) {
    request.log.error({ err: error }, 'onReviewed hook failed');
  }
}
