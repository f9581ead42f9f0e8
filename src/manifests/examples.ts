/**
 * EXAMPLE_VARIANTS are the ready-to-apply directories under manifests/, each
 * generated from the bundled example CRDs by `crd-admission manifests` with
 * these flags (paths relative to the project root). `npm run manifests`
 * writes them; a test regenerates them and fails on drift.
 */
export const EXAMPLE_VARIANTS: readonly { readonly dir: string; readonly argv: readonly string[] }[] = [
  {
    // The operator creates the Secret with `crd-admission certs` and sets the caBundle (docs/deploy.md).
    dir: 'manifests/base',
    argv: ['--crds', 'manifests/examples/crds', '--namespace', 'crd-admission', '--service', 'crd-admission'],
  },
  {
    // cert-manager issues the serving certificate and injects its CA.
    dir: 'manifests/cert-manager',
    argv: ['--crds', 'manifests/examples/crds', '--namespace', 'crd-admission', '--service', 'crd-admission', '--cert-manager', 'self-signed'],
  },
];
