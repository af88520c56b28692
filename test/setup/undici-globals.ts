// The tests run on the fetch classes the server runs on (src/server.ts imports this first too).
import '../../src/undici-globals.js';
