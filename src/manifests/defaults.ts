/**
 * Defaults of the generated manifests. Each value is written out in the
 * output even where the apiserver has the same default, so a reader of the
 * YAML sees the behaviour without knowing the API's defaulting rules.
 */

/**
 * DEFAULT_FAILURE_POLICY is Fail: a custom resource that was not checked must
 * not be stored. The outage risk this brings is bounded by the rules (only our
 * CRDs, never Pods or `*`), the namespace exclusions, two replicas with a PDB,
 * and the documented emergency deletion of the configurations.
 */
export const DEFAULT_FAILURE_POLICY = 'Fail';

/**
 * DEFAULT_TIMEOUT_SECONDS is 5, half the apiserver's default of 10: a
 * request's webhooks share its deadline (kubernetes#128162), and our answers
 * take milliseconds, so a call that is still running after 5 s is stuck.
 */
export const DEFAULT_TIMEOUT_SECONDS = 5;

/** TIMEOUT_SECONDS_RANGE is what the apiserver accepts ("between 1 and 30 seconds"). */
export const TIMEOUT_SECONDS_RANGE = { min: 1, max: 30 } as const;

/**
 * SIDE_EFFECTS is None: the webhook only computes an answer, so the
 * apiserver may call it for dry-run requests (`kubectl apply --dry-run=server`).
 */
export const SIDE_EFFECTS = 'None';

/**
 * MATCH_POLICY is Equivalent: a request through another served version of
 * the same resource is still sent to us (converted), so no version escapes.
 */
export const MATCH_POLICY = 'Equivalent';

/**
 * ADMISSION_REVIEW_VERSIONS lists v1 first (the apiserver uses the first it
 * knows) and keeps v1beta1 for old apiservers; the server answers both.
 */
export const ADMISSION_REVIEW_VERSIONS: readonly string[] = ['v1', 'v1beta1'];

/**
 * REINVOCATION_POLICY is IfNeeded: when a later mutating webhook changes the
 * object, ours runs again so defaults reach fields that webhook added.
 */
export const REINVOCATION_POLICY = 'IfNeeded';

/** VALIDATE_PATH and MUTATE_PATH are the server's two admission endpoints. */
export const VALIDATE_PATH = '/validate';
export const MUTATE_PATH = '/mutate';

/** SERVICE_PORT is the Service port the apiserver calls (its default for clientConfig.service). */
export const SERVICE_PORT = 443;

/** CONTAINER_PORT is the port `crd-admission serve` listens on (unprivileged, so no capability is needed). */
export const CONTAINER_PORT = 8443;

/** DEFAULT_REPLICAS is 2 so one pod can be drained or crash without failing requests (failurePolicy Fail). */
export const DEFAULT_REPLICAS = 2;

/** DEFAULT_IMAGE is the tag `docker build -t crd-admission .` gives; override with --image or kustomize `images`. */
export const DEFAULT_IMAGE = 'crd-admission:latest';

/** RUN_AS_USER is the distroless image's `nonroot` user, given numerically so runAsNonRoot can be verified. */
export const RUN_AS_USER = 65532;

/**
 * PRE_STOP_SLEEP_SECONDS keeps a terminating pod serving while endpoints
 * and the apiserver's connections move away; the server then drains on SIGTERM.
 */
export const PRE_STOP_SLEEP_SECONDS = 5;

/** TERMINATION_GRACE_SECONDS covers the preStop sleep plus the longest webhook timeout (30 s). */
export const TERMINATION_GRACE_SECONDS = 40;

/** Paths inside the container where the configuration and the serving certificate are mounted. */
export const CONFIG_MOUNT = '/etc/crd-admission/config';
export const TLS_MOUNT = '/etc/crd-admission/tls';

/** SYSTEM_NAMESPACES are never sent to the webhook, whatever objects they hold. */
export const SYSTEM_NAMESPACES: readonly string[] = ['kube-system'];

/** NAMESPACE_NAME_LABEL is set by the apiserver on every namespace to its name (1.21+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** APP_NAME is the app.kubernetes.io/name of every generated object. */
export const APP_NAME = 'crd-admission';

/** CONFIG_MAP_MAX_BYTES is the apiserver's limit on a ConfigMap's data (core.MaxSecretSize). */
export const CONFIG_MAP_MAX_BYTES = 1024 * 1024;
