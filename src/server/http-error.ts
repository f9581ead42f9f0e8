import { STATUS_CODES } from 'node:http';

/** ErrorCode names each way a request to the webhook can be refused before it is judged. */
export type ErrorCode =
  | 'EmptyBody'
  | 'InvalidUTF8'
  | 'MalformedJSON'
  | 'NestingTooDeep'
  | 'NotAnAdmissionReview'
  | 'BodyTooLarge'
  | 'UnsupportedMediaType'
  | 'BadRequest'
  | 'NotFound'
  | 'InternalError';

/** HttpErrorBody is the JSON every refused request gets: `{statusCode, error, code, message}`. */
export interface HttpErrorBody {
  readonly statusCode: number;
  /** The HTTP reason phrase, as fastify writes it. */
  readonly error: string;
  readonly code: ErrorCode;
  /** What exactly is wrong, never the object's contents. */
  readonly message: string;
}

/** HttpProblem is a refusal as a value: a status, a code and a message. */
export class HttpProblem extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'HttpProblem';
  }

  /** toBody renders the problem as the JSON error body. */
  toBody(): HttpErrorBody {
    return { statusCode: this.statusCode, error: STATUS_CODES[this.statusCode] ?? 'Error', code: this.code, message: this.message };
  }
}
