import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IIoK8sApiCoreV1Container as Container } from 'kubernetes-models/v1/Container';
import type { IIoK8sApiCoreV1PodSpec as PodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IIoK8sApiCoreV1Probe as Probe } from 'kubernetes-models/v1/Probe';
import type { IIoK8sApiCoreV1TopologySpreadConstraint as TopologySpreadConstraint } from 'kubernetes-models/v1/TopologySpreadConstraint';
import type { ConfigEntry } from './config-map.js';
import { configHash, configItems } from './config-map.js';
import {
  CONFIG_MOUNT,
  CONTAINER_PORT,
  PRE_STOP_SLEEP_SECONDS,
  RUN_AS_USER,
  TERMINATION_GRACE_SECONDS,
  TLS_MOUNT,
} from './defaults.js';
import type { ManifestOptions } from './options.js';
import { commonLabels, objectNames, selectorLabels } from './options.js';

/** SECRET_FILE_MODE is 0440: the key is readable by the pod's group (fsGroup) only. */
const SECRET_FILE_MODE = 0o440;

/** serveArgs are the flags of `crd-admission serve` (the image's entrypoint) pointing at the mounts. */
export function serveArgs(entries: readonly ConfigEntry[]): string[] {
  const args = ['--crds', `${CONFIG_MOUNT}/crds`];
  if (entries.some((e) => e.path.startsWith('policies/'))) args.push('--policies', `${CONFIG_MOUNT}/policies`);
  args.push('--tls-cert', `${TLS_MOUNT}/tls.crt`, '--tls-key', `${TLS_MOUNT}/tls.key`, '--port', String(CONTAINER_PORT));
  return args;
}

function probe(path: string, periodSeconds: number, failureThreshold: number): Probe {
  // The kubelet does not verify the serving certificate of an HTTPS probe.
  return { httpGet: { path, port: 'https', scheme: 'HTTPS' }, periodSeconds, timeoutSeconds: 2, failureThreshold };
}

function container(opts: ManifestOptions, entries: readonly ConfigEntry[]): Container {
  return {
    name: 'webhook',
    image: opts.image,
    imagePullPolicy: 'IfNotPresent',
    args: serveArgs(entries),
    ports: [{ name: 'https', containerPort: CONTAINER_PORT, protocol: 'TCP' }],
    readinessProbe: probe('/readyz', 5, 2),
    livenessProbe: probe('/healthz', 10, 3),
    // The image is distroless (no shell, no `sleep`): the kubelet's own sleep action (Kubernetes 1.30+).
    lifecycle: { preStop: { sleep: { seconds: PRE_STOP_SLEEP_SECONDS } } },
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { cpu: '1', memory: '512Mi' } },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      runAsUser: RUN_AS_USER,
      runAsGroup: RUN_AS_USER,
    },
    volumeMounts: [
      { name: 'config', mountPath: CONFIG_MOUNT, readOnly: true },
      { name: 'tls', mountPath: TLS_MOUNT, readOnly: true },
      { name: 'tmp', mountPath: '/tmp' },
    ],
  };
}

function podSpec(opts: ManifestOptions, entries: readonly ConfigEntry[]): PodSpec {
  const names = objectNames(opts);
  const spread = (topologyKey: string): TopologySpreadConstraint => ({
    maxSkew: 1,
    topologyKey,
    whenUnsatisfiable: 'ScheduleAnyway',
    labelSelector: { matchLabels: selectorLabels(opts) },
  });
  return {
    serviceAccountName: names.serviceAccount,
    // The server never calls the Kubernetes API.
    automountServiceAccountToken: false,
    securityContext: {
      runAsNonRoot: true,
      runAsUser: RUN_AS_USER,
      runAsGroup: RUN_AS_USER,
      fsGroup: RUN_AS_USER,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    terminationGracePeriodSeconds: TERMINATION_GRACE_SECONDS,
    topologySpreadConstraints: [spread('topology.kubernetes.io/zone'), spread('kubernetes.io/hostname')],
    containers: [container(opts, entries)],
    volumes: [
      { name: 'config', configMap: { name: names.configMap, items: configItems(entries) } },
      { name: 'tls', secret: { secretName: names.tlsSecret, defaultMode: SECRET_FILE_MODE } },
      { name: 'tmp', emptyDir: { sizeLimit: '16Mi' } },
    ],
  };
}

/**
 * deployment runs `crd-admission serve` with the mounted configuration and
 * serving certificate. Rolling updates add a pod before removing one, so the
 * webhook never has fewer ready pods than replicas; the pod template carries
 * a hash of the configuration so a CRD change rolls the pods.
 */
export function deployment(opts: ManifestOptions, entries: readonly ConfigEntry[]): IDeployment {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: opts.service, namespace: opts.namespace, labels: commonLabels(opts) },
    spec: {
      replicas: opts.replicas,
      selector: { matchLabels: selectorLabels(opts) },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
      template: {
        metadata: {
          labels: commonLabels(opts),
          annotations: { 'crd-admission/config-hash': configHash(entries) },
        },
        spec: podSpec(opts, entries),
      },
    },
  };
}
