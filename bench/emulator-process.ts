import { createEmulator } from '../src/emulator/emulator.js';
import { startEmulatorServer } from '../src/emulator/http-server.js';

/**
 * The SWR emulator in a process of its own, for the benchmark: the same server as
 * `src/emulator/main.ts`, plus an IPC channel through which the benchmark reads its call log.
 *
 * Messages: `{ type: 'take' }` → `{ type: 'calls', total, byRequestId }` (SWR calls received since
 * the last take, grouped by the gateway's `X-Request-Id`), then the log is emptied.
 */

if (process.send === undefined)
  throw new Error('run me with an IPC channel (see bench/processes.ts)');

const emulator = createEmulator();
const server = await startEmulatorServer(emulator, { port: 0, host: '127.0.0.1' });
process.send({ type: 'ready', url: server.url });

process.on('message', (message: { type?: string }) => {
  if (message.type !== 'take') return;
  const byRequestId: Record<string, number> = {};
  for (const call of emulator.calls) {
    const id = call.requestId ?? '';
    byRequestId[id] = (byRequestId[id] ?? 0) + 1;
  }
  const total = emulator.calls.length;
  emulator.resetCalls();
  process.send?.({ type: 'calls', total, byRequestId });
});

const stop = () => void server.close().finally(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
// Ends with the benchmark, even if the benchmark dies without a signal.
process.on('disconnect', stop);
