import { ConfigError, type EmulatorConfig, loadEmulatorConfig } from '../config.js';
import { createEmulator, DEMO_ACCOUNTS } from './emulator.js';
import { startEmulatorServer } from './http-server.js';

/** `npm run emulator`: the SWR emulator on EMULATOR_HOST:EMULATOR_PORT until SIGINT/SIGTERM. */

function readConfig(): EmulatorConfig {
  try {
    return loadEmulatorConfig(process.env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const config = readConfig();
try {
  const server = await startEmulatorServer(createEmulator(), config);
  console.log(
    `SWR emulator listening on ${server.url}: any non-empty X-Auth-Token works except "expired". Demo accounts (token = account name, share with the name): ${DEMO_ACCOUNTS.map((demo) => demo.accountName).join(', ')}. State resets on restart.`,
  );
  const stop = () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (error) {
  console.error(`SWR emulator could not start: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
