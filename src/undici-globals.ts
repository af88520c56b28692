import { install } from 'undici';

/**
 * Replaces Node's built-in `fetch`, `Request`, `Response`, `Headers` (and the other WHATWG globals)
 * with those of the undici release the gateway depends on. ky builds a `new globalThis.Request` and
 * a clone of it for every SWR call, and Node 20's bundled undici (6.x) makes that the largest single
 * cost of a call; undici 7's classes do the same work for about a tenth less of the gateway's CPU
 * per request (bench/README.md, lever 34). Imported first by the server entry point and by the
 * test setup, so the whole process, tests included, runs on one set of classes.
 */
install();
