import { createApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
const config = loadConfig({ ...process.env, SWR_ENDPOINT: 'http://127.0.0.1:18081', LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' });
const app = createApp({ ...config, swrEndpoint: 'http://127.0.0.1:18081' });
const body = JSON.stringify({ query: 'query BenchPage { sharedRepositories(center: SELF, first: 20) { edges { node { namespace name domainName category sizeBytes isPublic tagCount downloadCount updatedAt shareActive } } } }' });
let count = 0; let stop = false;
async function worker() {
  while (!stop) {
    const r = await app.yoga.fetch('http://gw/graphql', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer bench-a#100' }, body });
    const t = await r.text(); if (r.status !== 200 || t.includes('"errors"')) { console.error(t); process.exit(1); }
    count++;
  }
}
const workers = Array.from({ length: 50 }, worker);
const seconds = Number(process.env.SECS ?? 5);
await new Promise((r) => setTimeout(r, 2000));
const c0 = count, u0 = process.cpuUsage();
await new Promise((r) => setTimeout(r, seconds * 1000));
const u = process.cpuUsage(u0), n = count - c0;
stop = true; await Promise.all(workers);
process.stderr.write(`inproc ${n} req, ${(n / seconds).toFixed(0)} req/s, ${((u.user + u.system) / 1000 / n).toFixed(3)} CPU ms/req\n`);
process.exit(0);
