import { Ajv } from 'ajv';
import type { RegExpEngine, RegExpLike } from 'ajv/dist/types/index.js';
import { compileRe2 } from '../util/re2.js';
import { KUBERNETES_EXTENSIONS } from './convert.js';
import { formatCheck, normalizeFormatName } from './formats.js';
import { NUMBER_KEYWORD_DEFINITION } from './number-keyword.js';

const KNOWN_FORMATS: readonly string[] = [
  'bsonobjectid', 'uri', 'email', 'hostname', 'ipv4', 'ipv6', 'cidr', 'mac', 'uuid', 'uuid3', 'uuid4', 'uuid5',
  'isbn', 'isbn10', 'isbn13', 'creditcard', 'ssn', 'hexcolor', 'rgbcolor', 'byte', 'password', 'date', 'duration',
  'datetime', 'k8sshortname', 'k8slongname',
];

// `pattern` runs on RE2 (linear time, Go syntax) instead of ECMAScript RegExp.
const re2Engine: RegExpEngine = Object.assign(
  (pattern: string): RegExpLike => {
    const compiled = compileRe2(pattern);
    return { test: (text: string) => compiled.test(text), toString: () => `re2:${pattern}` } as RegExpLike;
  },
  { code: 'crdAdmissionRe2' },
);

function createAjv(): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    verbose: true,
    messages: false,
    strict: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
    allowUnionTypes: true,
    validateFormats: true,
    // Sub-schemas are compiled inline; nothing is fetched or referenced.
    addUsedSchema: false,
    // The translated schema is generated here; meta-validating it would only cost load time.
    validateSchema: false,
    // Code optimisation doubles compile time of large CRDs for no measurable gain per request.
    code: { regExp: re2Engine, optimize: false },
  });
  ajv.addVocabulary([...KUBERNETES_EXTENSIONS]);
  ajv.addKeyword(NUMBER_KEYWORD_DEFINITION);
  for (const name of KNOWN_FORMATS) {
    const check = formatCheck(name);
    if (check) ajv.addFormat(normalizeFormatName(name), { type: 'string', validate: check });
  }
  return ajv;
}

let shared: Ajv | undefined;

/** sharedAjv is the one ajv instance every schema of the process is compiled with. */
export function sharedAjv(): Ajv {
  shared ??= createAjv();
  return shared;
}
