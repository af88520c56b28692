import { createApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { createEmulator } from './emulator/emulator.js';
import { startEmulatorServer } from './emulator/http-server.js';
import { listen } from './listen.js';
import { createLogger } from './logger.js';

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
    const emulator = await startEmulatorServer(createEmulator(), { port: 0, host: '127.0.0.1' });
    swrEndpoint = emulator.url;
    closeEmulator = emulator.close;
    logger.warn(
      { swrEndpoint },
      'SWR_ENDPOINT is not set: serving DEMO DATA from the embedded SWR emulator. Any token works except "expired"; try "demo". Set SWR_ENDPOINT to use a real SWR region.',
    );
  }

  const app = createApp(
    { ...config, swrEndpoint },
    { logger, emulated: config.swrEndpoint === undefined },
  );
  const running = await listen(app, { port: config.port, host: config.host });
  logger.info({ url: `${running.url}/graphql`, swrEndpoint }, 'swr-bff is listening');

  const stop = async (signal: string) => {
    logger.info({ signal }, 'shutting down');
    await running.close();
    await closeEmulator();
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}

await main();
