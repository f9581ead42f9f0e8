import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:tls';

/** Reply is an HTTP answer from the webhook, with the body parsed when it is JSON. */
export interface Reply {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly text: string;
  readonly json: unknown;
}

/** ClientTls is what the test client trusts and, optionally, presents. */
export interface ClientTls {
  readonly ca: string | Buffer;
  readonly cert?: string | Buffer;
  readonly key?: string | Buffer;
}

/** WebhookClient talks to a test server over real TLS with a keep-alive agent that trusts the test CA. */
export class WebhookClient {
  readonly agent: Agent;

  constructor(
    readonly port: number,
    readonly tls: ClientTls,
    options: { keepAlive?: boolean; maxSockets?: number } = {},
  ) {
    this.agent = new Agent({ keepAlive: options.keepAlive ?? true, maxSockets: options.maxSockets ?? 8, ...tls });
  }

  /** post sends a body (an object is JSON-encoded) with application/json unless told otherwise. */
  post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Reply> {
    const payload = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    return this.send('POST', path, payload, { 'content-type': 'application/json', ...headers });
  }

  /** postFixture sends a review file from test/fixtures/reviews. */
  postFixture(path: string, fixture: string): Promise<Reply> {
    return this.post(path, readFixture(fixture));
  }

  get(path: string): Promise<Reply> {
    return this.send('GET', path, undefined, {});
  }

  send(method: string, path: string, payload: Buffer | undefined, headers: Record<string, string>): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          servername: 'localhost',
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: { ...(payload && !headers['transfer-encoding'] ? { 'content-length': String(payload.length) } : {}), ...headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => resolve(toReply(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

function toReply(status: number, headers: IncomingHttpHeaders, text: string): Reply {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, text, json };
}

/** readFixture loads an AdmissionReview fixture as a JSON object. */
export function readFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../fixtures/reviews/${name}`, import.meta.url), 'utf8')) as Record<string, unknown>;
}

/** servedCertificateSerial opens a new TLS connection and returns the serial of the certificate the server presents. */
export function servedCertificateSerial(port: number, ca: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', servername: 'localhost', port, ca }, () => {
      const serial = socket.getPeerCertificate().serialNumber;
      socket.end();
      resolve(serial);
    });
    socket.on('error', reject);
  });
}
