import { Writable } from 'node:stream';
import pino from 'pino';
import type { Configuration } from '../../src/config/load.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../../src/config/load.js';
import type { ServerOptions, WebhookServer } from '../../src/server/build.js';
import { buildServer } from '../../src/server/build.js';
import type { TestPki } from './pki.js';
import { WebhookClient } from './webhook-client.js';

/** LogRecord is one parsed pino line. */
export type LogRecord = Record<string, unknown> & { msg?: string };

/** RunningServer is a webhook listening on a free port of 127.0.0.1, with its captured logs. */
export interface RunningServer {
  readonly app: WebhookServer;
  readonly port: number;
  readonly logs: LogRecord[];
  /** client makes a keep-alive client that trusts the test CA. */
  client(options?: { cert?: string | Buffer; key?: string | Buffer; keepAlive?: boolean }): WebhookClient;
  close(): Promise<void>;
}

let bundled: Promise<Configuration> | undefined;

/** bundledConfiguration loads the example CRDs once per test file. */
export function bundledConfiguration(): Promise<Configuration> {
  bundled ??= loadConfiguration({ crdPaths: [BUNDLED_EXAMPLES], policyPaths: [] });
  return bundled;
}

/** memoryLogger is a pino logger whose lines land in an array. */
export function memoryLogger(logs: LogRecord[]): pino.Logger {
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line) logs.push(JSON.parse(line) as LogRecord);
      done();
    },
  });
  return pino({ level: 'debug' }, sink);
}

/** startTestServer builds the real server with the test PKI and listens on port 0. */
export async function startTestServer(pki: TestPki, overrides: Partial<ServerOptions> = {}): Promise<RunningServer> {
  const logs: LogRecord[] = [];
  const configuration = await bundledConfiguration();
  const app = await buildServer({
    tls: { cert: pki.cert, key: pki.key },
    logger: memoryLogger(logs),
    configuration: { current: () => configuration },
    ...overrides,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const clients: WebhookClient[] = [];
  return {
    app,
    port,
    logs,
    client(options = {}) {
      const { keepAlive, ...tls } = options;
      const client = new WebhookClient(port, { ca: pki.ca.certPem, ...tls }, keepAlive === undefined ? {} : { keepAlive });
      clients.push(client);
      return client;
    },
    async close() {
      for (const client of clients) client.close();
      await app.close();
    },
  };
}
