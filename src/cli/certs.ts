import { issueCertificates } from '../certs/files.js';
import { serviceSans } from '../certs/sans.js';
import type { CliIo, Command } from './command.js';
import { UsageError } from './command.js';
import { integerFlag, parseFlags } from './flags.js';

const USAGE = `Usage: crd-admission certs --service NAME --namespace NS [--out DIR] [--days N] [--host EXTRA]...

Creates a CA and a serving certificate signed by it for the webhook Service,
valid for NAME, NAME.NS, NAME.NS.svc, NAME.NS.svc.cluster.local, localhost,
127.0.0.1 and every --host (DNS name or IP address). Writes ca.crt, ca.key,
tls.crt and tls.key (keys mode 0600). An existing ca.crt/ca.key in DIR is
reused, so re-running rotates the serving certificate and keeps the caBundle.
Prints the base64 caBundle for clientConfig.caBundle on stdout.

Flags:
  --service NAME     Service name of the webhook (required)
  --namespace NS     namespace of the Service (required)
  --out DIR          output directory (default: certs)
  --days N           validity of the serving certificate in days (default: 365;
                     a new CA is valid for max(N, 3650) days)
  --host EXTRA       extra DNS name or IP address (repeatable)`;

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

function dnsLabelFlag(name: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`--${name} is required`);
  if (value.length > 63 || !DNS_LABEL.test(value)) throw new UsageError(`--${name} must be a DNS label (lowercase letters, digits, '-'), got ${JSON.stringify(value)}`);
  return value;
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const flags = parseFlags(argv, {
    service: { type: 'string' },
    namespace: { type: 'string' },
    out: { type: 'string', default: 'certs' },
    days: { type: 'string' },
    host: { type: 'string', multiple: true, default: [] as string[] },
  });
  const service = dnsLabelFlag('service', flags.service);
  const namespace = dnsLabelFlag('namespace', flags.namespace);
  const days = integerFlag('days', flags.days, 365, 1, 36_500);
  const sans = serviceSans(service, namespace, flags.host);
  const issued = await issueCertificates({
    dir: flags.out,
    sans,
    days,
    caCommonName: `crd-admission CA for ${service}.${namespace}.svc`,
  });
  io.stderr.write(
    `${issued.reusedCa ? 'reused CA' : 'created CA'} ${issued.caCertPath}${issued.reusedCa ? '' : ` (key ${issued.caKeyPath})`}\n` +
      `wrote serving certificate ${issued.certPath} and key ${issued.keyPath}, valid ${days} days\n` +
      `  for ${[...sans.dnsNames, ...sans.ipAddresses].join(', ')}\n` +
      'caBundle (base64 of ca.crt) on stdout\n',
  );
  io.stdout.write(`${issued.caBundle}\n`);
  return 0;
}

/** certsCommand is `crd-admission certs`. */
export const certsCommand: Command = {
  name: 'certs',
  summary: 'create a CA and a serving certificate for the webhook Service (prints the caBundle)',
  usage: USAGE,
  run,
};
