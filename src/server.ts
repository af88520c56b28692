// First: every module after it sees undici 7's fetch classes as the globals.
import './undici-globals.js';
import { collectDefaultMetrics } from 'prom-client';
import { createApp } from './app.js';
import { ConfigError, loadConfig, usesBuiltInCursorSecret } from './config.js';
import { listen, type RunningServer } from './listen.js';
import { listenFailureMessage } from './listen-failure.js';
import { createLogger } from './logger.js';
import { SHUTDOWN_FLUSH_TIMEOUT_MS, shutdownDeadlineMs } from './shutdown-deadline.js';

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`swr-bff: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);

  let swrEndpoint = config.swrEndpoint;
  let closeEmulator = async () => {};
  if (swrEndpoint === undefined) {
    // Loaded only here: a gateway in front of a real SWR region never needs the emulator.
    const [{ createEmulator }, { startEmulatorServer }] = await Promise.all([
      import('./emulator/emulator.js'),
      import('./emulator/http-server.js'),
    ]);
    const emulator = await startEmulatorServer(createEmulator(), { port: 0, host: '127.0.0.1' });
    swrEndpoint = emulator.url;
    closeEmulator = emulator.close;
    logger.warn(
      { swrEndpoint },
      'SWR_ENDPOINT is not set: serving DEMO DATA from the embedded SWR emulator. Any token works except "expired"; try "demo". Set SWR_ENDPOINT to use a real SWR region.',
    );
  }

  if (config.swrEndpoint !== undefined && usesBuiltInCursorSecret(config)) {
    logger.warn(
      'CURSOR_SECRET is not set: cursors are signed with the built-in key from the source code, so anyone can forge one. Set CURSOR_SECRET (16+ characters) to the same value on every replica.',
    );
  }
  const app = createApp(
    { ...config, swrEndpoint },
    { logger, emulated: config.swrEndpoint === undefined },
  );
  // Process metrics (CPU, memory, event loop, GC) only in the real server, not in every test app.
  collectDefaultMetrics({ register: app.observability.metrics.registry });
  let running: RunningServer;
  try {
    running = await listen(app, { port: config.port, host: config.host, limits: config });
  } catch (error) {
    const message = listenFailureMessage(error, config);
    if (message === undefined) throw error;
    process.stderr.write(`swr-bff: ${message}\n`);
    process.exit(1);
  }
  logger.info(
    {
      url: `${running.url}/graphql`,
      swrEndpoint,
      tracing: app.observability.tracing !== undefined,
    },
    'swr-bff is listening',
  );

  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal during shutdown: exiting now');
      process.exit(1);
    }
    stopping = true;
    const timeoutMs = config.shutdownTimeoutMs;
    // A last resort should something below hang: exit anyway, unclean.
    setTimeout(() => process.exit(1), shutdownDeadlineMs(timeoutMs)).unref();
    logger.info(
      { signal, inFlight: running.inFlight, timeoutMs },
      'shutting down: not ready, refusing new connections, finishing requests in flight',
    );
    const { drained, abandoned } = await running.close({ timeoutMs });
    if (!drained) {
      logger.warn(
        { abandoned, timeoutMs },
        'shutdown timeout: requests still running were cut off',
      );
    }
    await settleWithin(app.close(), SHUTDOWN_FLUSH_TIMEOUT_MS);
    await closeEmulator();
    const exitCode = drained ? 0 : 1;
    logger.info({ exitCode }, 'shut down');
    process.exit(exitCode);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Waits for `work` (ignoring its failure) at most `ms`. */
async function settleWithin(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    work.catch(() => {}),
    new Promise((done) => {
      timer = setTimeout(done, ms);
    }),
  ]);
  clearTimeout(timer);
}

await main();
