import type { INamespace } from 'kubernetes-models/v1/Namespace';
import type { IService } from 'kubernetes-models/v1/Service';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { INetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy';
import type { IPodDisruptionBudget } from 'kubernetes-models/policy/v1/PodDisruptionBudget';
import { CONTAINER_PORT, SERVICE_PORT } from './defaults.js';
import type { ManifestOptions } from './options.js';
import { commonLabels, objectNames, selectorLabels } from './options.js';

/**
 * namespace enforces the `restricted` Pod Security Standard: the webhook's
 * pods meet it, and nothing else is meant to run there.
 */
export function namespace(opts: ManifestOptions): INamespace {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: opts.namespace,
      labels: { ...commonLabels(opts), 'pod-security.kubernetes.io/enforce': 'restricted' },
    },
  };
}

/** serviceAccount is the pods' own identity, with no role bound: the server needs no API access. */
export function serviceAccount(opts: ManifestOptions): IServiceAccount {
  return {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: objectNames(opts).serviceAccount, namespace: opts.namespace, labels: commonLabels(opts) },
    automountServiceAccountToken: false,
  };
}

/** service is what clientConfig.service names: port 443 to the container's https port. */
export function service(opts: ManifestOptions): IService {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: opts.service, namespace: opts.namespace, labels: commonLabels(opts) },
    spec: {
      type: 'ClusterIP',
      selector: selectorLabels(opts),
      ports: [{ name: 'https', port: SERVICE_PORT, targetPort: 'https', protocol: 'TCP' }],
    },
  };
}

/**
 * podDisruptionBudget lets a drain evict one pod at a time: with 2+ replicas
 * one keeps answering, and with 1 the drain is not blocked forever.
 */
export function podDisruptionBudget(opts: ManifestOptions): IPodDisruptionBudget {
  return {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: opts.service, namespace: opts.namespace, labels: commonLabels(opts) },
    spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(opts) } },
  };
}

/**
 * networkPolicy admits traffic to the webhook port only. The apiserver's
 * source addresses are not knowable in general (host network, a managed
 * control plane, konnectivity), so the port is open to any source; every
 * other port of the pods is closed. The kubelet's probes come from the node.
 */
export function networkPolicy(opts: ManifestOptions): INetworkPolicy {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: opts.service, namespace: opts.namespace, labels: commonLabels(opts) },
    spec: {
      podSelector: { matchLabels: selectorLabels(opts) },
      policyTypes: ['Ingress'],
      ingress: [{ ports: [{ protocol: 'TCP', port: CONTAINER_PORT }] }],
    },
  };
}
