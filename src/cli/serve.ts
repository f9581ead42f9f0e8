import { readFile } from 'node:fs/promises';
import type { Server as HttpServer } from 'node:http';
import type { Logger } from 'pino';
import { ensureDevelopmentCertificates } from '../certs/development.js';
import type { Configuration, ConfigSources } from '../config/load.js';
import { BUNDLED_EXAMPLES, loadConfiguration } from '../config/load.js';
import { ConfigError, ConfigErrors } from '../config/errors.js';
import type { ReloadOutcome } from '../config/reload.js';
import { ReloadingConfiguration } from '../config/reload.js';
import type { AdmissionMetrics } from '../metrics/metrics.js';
import { createMetrics } from '../metrics/metrics.js';
import { startMetricsServer } from '../metrics/server.js';
import type { PipelineSettings, PruningMode } from '../pipeline/settings.js';
import { buildServer } from '../server/build.js';
import type { WebhookServer } from '../server/build.js';
import { ConnectionTracker, stopAccepting } from '../server/drain.js';
import { KeyPairFileWatcher } from '../server/key-pair-files.js';
import { CaptureWriter } from '../replay/capture.js';
import type { CaptureOptions } from '../replay/capture.js';
import type { ReviewedEvent } from '../server/types.js';
import { CAPTURE_FLAGS, CAPTURE_USAGE, captureOptions } from './capture-flags.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { createServeLogger } from './log.js';
import type { FlagOptions } from './flags.js';
import { choiceFlag, integerFlag, parseFlags } from './flags.js';

const USAGE = `Usage: crd-admission serve [flags]

Serves POST /validate and POST /mutate over HTTPS for the CRDs given (the
bundled examples by default), with GET /healthz, GET /readyz and GET /metrics.

Flags:
  --crds PATH          CRD manifest file or directory (repeatable; default: the bundled examples)
  --policies PATH      admission policies and bindings, computed defaults (repeatable)
  --params PATH        parameter objects referenced by policies (repeatable)
  --namespaces PATH    Namespace objects for namespaceSelector/namespaceObject (repeatable)
  --rules DIR          directory of TypeScript/JavaScript rules (repeatable)
  --tls-cert FILE      serving certificate (PEM); reloaded when the file changes
  --tls-key FILE       its private key (PEM); without both, development certificates
                       are created under ./certs on first start and reused afterwards
  --client-ca FILE     require client certificates signed by this CA (PEM)
  --host HOST          address to listen on (default: 0.0.0.0)
  --port PORT          port to listen on (default: 8443; 0 picks a free port)
  --log-level LEVEL    fatal, error, warn, info, debug, trace or silent (default: info)
  --pruning MODE       prune (default): unknown fields removed by /mutate with a warning;
                       strict: unknown fields deny on /validate; off: left alone
  --no-ratcheting      validate UPDATEs in full instead of ratcheting unchanged fields
  --metrics-port PORT  serve GET /metrics over plain HTTP on this port (same --host) instead of
                       on the HTTPS port, so Prometheus needs no webhook CA
  --no-config-reload   do not watch the --crds/--policies/--params/--namespaces/--rules paths;
                       by default a change is loaded and swapped in atomically, and a broken
                       new configuration is logged and refused while the old one keeps serving
  --shutdown-delay N   seconds to keep serving after SIGTERM, with /readyz failing, before
                       closing the listener (default: 0; set it to cover endpoint propagation)
${CAPTURE_USAGE}`;

const FLAGS = {
  crds: { type: 'string', multiple: true, default: [] as string[] },
  policies: { type: 'string', multiple: true, default: [] as string[] },
  params: { type: 'string', multiple: true, default: [] as string[] },
  namespaces: { type: 'string', multiple: true, default: [] as string[] },
  rules: { type: 'string', multiple: true, default: [] as string[] },
  'tls-cert': { type: 'string' },
  'tls-key': { type: 'string' },
  'client-ca': { type: 'string' },
  host: { type: 'string', default: '0.0.0.0' },
  port: { type: 'string' },
  'log-level': { type: 'string' },
  pruning: { type: 'string' },
  'no-ratcheting': { type: 'boolean', default: false },
  'shutdown-delay': { type: 'string' },
  'metrics-port': { type: 'string' },
  'no-config-reload': { type: 'boolean', default: false },
  ...CAPTURE_FLAGS,
} satisfies FlagOptions;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const PRUNING_MODES: readonly PruningMode[] = ['prune', 'strict', 'off'];

/** ServeOptions are the parsed serve flags. */
interface ServeOptions {
  readonly sources: ConfigSources;
  readonly settings: PipelineSettings;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
  readonly clientCa?: string;
  readonly host: string;
  readonly port: number;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly shutdownDelayMs: number;
  readonly metricsPort?: number;
  readonly configReload: boolean;
  readonly capture?: Omit<CaptureOptions, 'onError'>;
}

function serveOptions(argv: readonly string[]): ServeOptions {
  const flags = parseFlags(argv, FLAGS);
  if ((flags['tls-cert'] === undefined) !== (flags['tls-key'] === undefined)) {
    throw new UsageError('--tls-cert and --tls-key go together');
  }
  const capture = captureOptions(flags);
  return {
    sources: {
      crdPaths: flags.crds.length > 0 ? flags.crds : [BUNDLED_EXAMPLES],
      policyPaths: flags.policies,
      paramPaths: flags.params,
      namespacePaths: flags.namespaces,
      ruleDirs: flags.rules,
    },
    settings: { pruning: choiceFlag('pruning', flags.pruning, PRUNING_MODES, 'prune'), ratcheting: !flags['no-ratcheting'] },
    ...(flags['tls-cert'] !== undefined ? { tlsCert: flags['tls-cert'] } : {}),
    ...(flags['tls-key'] !== undefined ? { tlsKey: flags['tls-key'] } : {}),
    ...(flags['client-ca'] !== undefined ? { clientCa: flags['client-ca'] } : {}),
    host: flags.host,
    port: integerFlag('port', flags.port, 8443, 0, 65_535),
    logLevel: choiceFlag('log-level', flags['log-level'], LOG_LEVELS, 'info'),
    shutdownDelayMs: integerFlag('shutdown-delay', flags['shutdown-delay'], 0, 0, 3600) * 1000,
    ...(flags['metrics-port'] !== undefined ? { metricsPort: integerFlag('metrics-port', flags['metrics-port'], 0, 0, 65_535) } : {}),
    configReload: !flags['no-config-reload'],
    ...(capture ? { capture } : {}),
  };
}

/** loadOrReport loads the configuration, or writes each problem (file:line: path: problem) to stderr. */
async function loadOrReport(options: ServeOptions, io: CliIo): Promise<Configuration | undefined> {
  try {
    return await loadConfiguration(options.sources, options.settings);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ConfigErrors) {
      io.stderr.write(`crd-admission serve: configuration not loaded:\n${error.message}\n`);
      return undefined;
    }
    throw error;
  }
}

/** readFlagFile reads a file named by a flag, saying which flag when it cannot. */
async function readFlagFile(flag: string, path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (error) {
    throw new Error(`cannot read --${flag} ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

async function keyPairPaths(options: ServeOptions, log: Logger): Promise<{ certPath: string; keyPath: string }> {
  if (options.tlsCert !== undefined && options.tlsKey !== undefined) return { certPath: options.tlsCert, keyPath: options.tlsKey };
  const development = await ensureDevelopmentCertificates('certs');
  log.info({ cert: development.certPath, ca: development.caCertPath, created: development.created }, 'using development certificates (trust them with --cacert certs/ca.crt)');
  return development;
}

/** Running is a started server and what its shutdown needs. */
interface Running {
  readonly app: WebhookServer;
  readonly watcher: KeyPairFileWatcher;
  readonly configuration: ReloadingConfiguration;
  readonly metrics: AdmissionMetrics;
  readonly connections: ConnectionTracker;
  readonly draining: { value: boolean };
  readonly capture?: CaptureWriter;
}

/** openCapture starts the capture writer of --capture-dir; its write failures are logged, never sent. */
async function openCapture(options: ServeOptions, log: Logger): Promise<CaptureWriter | undefined> {
  if (!options.capture) return undefined;
  const writer = await CaptureWriter.open({ ...options.capture, onError: (error) => log.warn({ err: error, dir: options.capture?.dir }, 'capture write failed') });
  log.info({ dir: options.capture.dir, maxBytes: options.capture.maxBytes, maxFiles: options.capture.maxFiles }, 'capturing reviews');
  return writer;
}

/** reportReload writes one line per configuration reload and counts it. */
function reportReload(log: Logger, metrics: AdmissionMetrics): (outcome: ReloadOutcome) => void {
  return (outcome) => {
    metrics.observeConfigReload(outcome.ok);
    const durationMs = Math.round(outcome.durationMs);
    if (outcome.ok) log.info({ crds: outcome.configuration.profiles.size, durationMs }, 'configuration reloaded');
    else log.error({ files: outcome.files, problem: outcome.problem, durationMs }, 'new configuration refused; keeping the current one');
  };
}

async function start(options: ServeOptions, initial: Configuration, log: Logger): Promise<Running> {
  const files = await keyPairPaths(options, log);
  const [cert, key] = await Promise.all([readFlagFile('tls-cert', files.certPath), readFlagFile('tls-key', files.keyPath)]);
  const clientCa = options.clientCa !== undefined ? await readFlagFile('client-ca', options.clientCa) : undefined;
  const watcher = new KeyPairFileWatcher(files, { cert, key }, { onReadError: (error) => log.debug({ problem: error.message }, 'certificate files not readable yet') });
  const draining = { value: false };
  const metrics = createMetrics();
  const configuration = new ReloadingConfiguration(initial, { onReload: reportReload(log, metrics) });
  if (options.configReload) configuration.watch();
  const capture = await openCapture(options, log);
  const app = await buildServer({
    tls: { cert, key, ...(clientCa !== undefined ? { clientCa } : {}) },
    logger: log,
    configuration,
    keyPairUpdates: watcher,
    isDraining: () => draining.value,
    metrics,
    metricsEndpoint: options.metricsPort === undefined,
    ...(capture ? { onReviewed: (event: ReviewedEvent) => void capture.record(event) } : {}),
  });
  return { app, watcher, configuration, metrics, draining, connections: new ConnectionTracker(app.server), ...(capture ? { capture } : {}) };
}

/** IDLE_GRACE_MS is how long open connections get, after the listener closes, to send a last request. */
const IDLE_GRACE_MS = 1000;
/** IN_FLIGHT_LIMIT_MS bounds the wait for answers still being written (the apiserver gives up after 30 s). */
const IN_FLIGHT_LIMIT_MS = 30_000;

/**
 * shutDown stops without losing a request: keep serving through the delay
 * (readyz failing, every answer closing its connection) so endpoints drop
 * this pod; close the listener; give open connections a moment to finish;
 * then close the idle rest and wait for answers in flight.
 */
async function shutDown(running: Running, options: ServeOptions, log: Logger, signal: NodeJS.Signals): Promise<void> {
  running.draining.value = true;
  log.info({ signal, delayMs: options.shutdownDelayMs, openConnections: running.connections.open }, 'shutting down');
  if (options.shutdownDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, options.shutdownDelayMs));
  stopAccepting(running.app.server);
  await running.connections.whenAllClosed(IDLE_GRACE_MS);
  await running.app.close();
  await running.connections.whenAllClosed(IN_FLIGHT_LIMIT_MS);
  running.watcher.close();
  running.configuration.close();
  if (running.capture) {
    await running.capture.close();
    const { written, dropped, failed } = running.capture.stats();
    log.info({ written, dropped, failed }, 'capture closed');
  }
}

/**
 * untilSignal resolves on the first SIGTERM or SIGINT; a second signal exits
 * at once, for an impatient Ctrl-C.
 */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGINT', onSignal);
      process.once('SIGTERM', () => process.exit(1));
      process.once('SIGINT', () => process.exit(1));
      resolve(signal);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
  });
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const options = serveOptions(argv);
  const logger = createServeLogger(options.logLevel);
  const { log } = logger;
  const configuration = await loadOrReport(options, io);
  if (!configuration) {
    logger.close();
    return 1;
  }
  const running = await start(options, configuration, log);
  const { app } = running;
  const stopped = untilSignal();
  const address = await app.listen({ host: options.host, port: options.port });
  const metricsServer = options.metricsPort !== undefined ? await startMetricsServer(running.metrics, options.host, options.metricsPort) : undefined;
  if (metricsServer) log.info({ metricsAddress: metricsAddress(metricsServer) }, `metrics on ${metricsAddress(metricsServer)}/metrics`);
  log.info({ address, crds: configuration.profiles.size, pruning: options.settings.pruning, ratcheting: options.settings.ratcheting }, `listening on ${address}`);
  await shutDown(running, options, log, await stopped);
  metricsServer?.close();
  log.info('stopped');
  logger.close();
  return 0;
}

function metricsAddress(server: HttpServer): string {
  const address = server.address();
  return typeof address === 'object' && address ? `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}` : String(address);
}

/** serveCommand is `crd-admission serve`. */
export const serveCommand: Command = {
  name: 'serve',
  summary: 'serve /validate and /mutate over HTTPS for the given CRDs and policies',
  usage: USAGE,
  run,
};
