// A second reference: fastify over HTTPS with its logger off, parsing the
// AdmissionReview and answering a fixed response, so the table separates what
// the framework costs from what crd-admission's own work costs.
import { readFileSync } from 'node:fs';
import fastify from 'fastify';

const [certFile, keyFile, portText] = process.argv.slice(2);
const app = fastify({ https: { cert: readFileSync(certFile), key: readFileSync(keyFile), minVersion: 'TLSv1.2' }, logger: false, bodyLimit: 7 * 1024 * 1024 });
app.removeAllContentTypeParsers();
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_request, body, done) => {
  try {
    done(null, JSON.parse(body.toString('utf8')));
  } catch (error) {
    done(error, undefined);
  }
});
app.post('/', async (request) => ({ apiVersion: request.body.apiVersion, kind: 'AdmissionReview', response: { uid: request.body.request.uid, allowed: true } }));
await app.listen({ host: '127.0.0.1', port: Number(portText ?? 0) });
process.stdout.write(`listening on ${app.server.address().port}\n`);
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
