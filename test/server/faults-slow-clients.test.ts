import { connect } from 'node:tls';
import type { TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki } from '../helpers/pki.js';
import type { TestPki } from '../helpers/pki.js';
import type { RunningServer } from '../helpers/test-server.js';
import { startTestServer } from '../helpers/test-server.js';
import type { WebhookClient } from '../helpers/webhook-client.js';
import { readFixture } from '../helpers/webhook-client.js';

// Short bounds so the test sees them act; `serve` uses DEFAULT_TIMEOUTS (10 s headers, 30 s request).
const TIMEOUTS = { handshakeMs: 1_000, headersMs: 1_000, requestMs: 2_000, checkIntervalMs: 200 };

let pki: TestPki;
let server: RunningServer;
let client: WebhookClient;

beforeAll(async () => {
  pki = await createTestPki();
  server = await startTestServer(pki, { timeouts: TIMEOUTS });
  client = server.client();
});
afterAll(() => server.close());

/** Trickle is a raw TLS connection that sends a few bytes at a time and records how it ended. */
interface Trickle {
  readonly received: () => string;
  /** closed resolves when the server ends the connection, with whether the trickle was still sending. */
  readonly closed: Promise<{ stillSending: boolean }>;
  stop(): void;
}

function trickle(port: number, ca: string, chunks: Iterator<string>, everyMs: number): Trickle {
  let received = '';
  let stillSending = true;
  let timer: NodeJS.Timeout | undefined;
  const socket: TLSSocket = connect({ host: '127.0.0.1', servername: 'localhost', port, ca });
  socket.on('data', (data: Buffer) => (received += data.toString()));
  socket.on('error', () => undefined); // a reset is one way of being closed
  socket.on('secureConnect', () => {
    timer = setInterval(() => {
      const next = chunks.next();
      if (next.done) {
        stillSending = false;
        clearInterval(timer);
      } else if (!socket.destroyed) socket.write(next.value);
    }, everyMs);
  });
  const closed = new Promise<{ stillSending: boolean }>((resolve) =>
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ stillSending });
    }),
  );
  return { received: () => received, closed, stop: () => socket.destroy() };
}

/** endless yields the text (one character at a time, or whole), then never-ending padding: a sender that never finishes. */
function* endless(text: string, padding: string, whole = false): Iterator<string> {
  if (whole) yield text;
  else yield* text;
  for (;;) yield padding;
}

const body = JSON.stringify(readFixture('crontab-update-v1.json'));

async function validReviewStillAnswered(): Promise<void> {
  const reply = await client.postFixture('/validate', 'crontab-update-v1.json');
  expect(reply.status).toBe(200);
  expect(reply.json).toMatchObject({ response: { uid: 'c8d4f1a2-7e3b-4b6d-a1c9-5e2f0d8b7a63', allowed: true } });
}

describe('slow senders (slowloris)', () => {
  it('a client trickling its headers for ever is cut off once the headers timeout passes', async () => {
    const slow = trickle(server.port, pki.ca.certPem, endless('POST /validate HTTP/1.1\r\nHost: localhost\r\n', 'X-Slow: 1\r\n'), 50);
    const ended = await slow.closed;
    expect(ended.stillSending).toBe(true);
    // Node answers 408 Request Timeout when it can, then closes; never a review answer.
    expect(slow.received()).toMatch(/^(HTTP\/1\.1 408 Request Timeout\r\n[^]*)?$/);
    await validReviewStillAnswered();
  });

  it('a client trickling its body for ever is cut off once the request timeout passes', async () => {
    const head = `POST /validate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const slow = trickle(server.port, pki.ca.certPem, endless(head, ' ', true), 20);
    const ended = await slow.closed;
    expect(ended.stillSending).toBe(true);
    expect(slow.received()).toMatch(/^(HTTP\/1\.1 408 Request Timeout\r\n[^]*)?$/);
    await validReviewStillAnswered();
  });

  it('a client that connects and sends nothing is cut off too', async () => {
    const silent = trickle(server.port, pki.ca.certPem, [][Symbol.iterator](), 1_000_000);
    await silent.closed;
    await validReviewStillAnswered();
  });

  it('many slow clients at once do not stop the server answering others meanwhile', async () => {
    const head = `POST /mutate HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`;
    const slow = Array.from({ length: 50 }, () => trickle(server.port, pki.ca.certPem, endless(head, ' ', true), 50));
    await validReviewStillAnswered();
    const endings = await Promise.all(slow.map((s) => s.closed));
    expect(endings.every((e) => e.stillSending)).toBe(true);
    await validReviewStillAnswered();
  });
});
