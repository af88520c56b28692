import { createApp } from '../../src/app.js';
import { createEmulator, type Emulator } from '../../src/emulator/emulator.js';
import { listen, type RunningServer } from '../../src/listen.js';
import { TEST_SETTINGS } from '../helpers/gateway.js';

/** The gateway over real HTTP on a free loopback port, in front of an in-process emulator. */
export interface HttpGateway {
  /** Base URL, e.g. `http://127.0.0.1:43210`; the endpoint is `${url}/graphql`. */
  url: string;
  emulator: Emulator;
  close(): Promise<void>;
}

/** Starts the gateway as `npm start` does without `SWR_ENDPOINT` (emulated), on port 0. */
export async function startHttpGateway(): Promise<HttpGateway> {
  const emulator = createEmulator();
  const app = createApp(TEST_SETTINGS, { fetch: emulator.fetch, emulated: true });
  const server: RunningServer = await listen(app, { port: 0, host: '127.0.0.1' });
  return {
    url: server.url,
    emulator,
    close: async () => {
      await server.close();
    },
  };
}
