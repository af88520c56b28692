import { Session } from 'node:inspector';
import { writeFileSync } from 'node:fs';
const session = new Session();
session.connect();
const after = Number(process.env.ALLOC_PROF_START ?? 3000), span = Number(process.env.ALLOC_PROF_SPAN ?? 5000);
setTimeout(() => {
  session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true }, (err) => { if (err) console.error('start', err); });
  setTimeout(() => {
    session.post('HeapProfiler.stopSampling', (err, { profile }) => { if (err) console.error(err); writeFileSync('/tmp/alloc.heapprofile', JSON.stringify(profile)); console.error('alloc profile written'); });
  }, span).unref();
}, after).unref();
