import { createYoga, type YogaServerInstance } from 'graphql-yoga';
import type { Logger } from 'pino';
import type { AppConfig } from './config.js';
import { createContext, type GatewayContext } from './context.js';
import { graphiqlOptions } from './graphiql/options.js';
import { createLogger } from './logger.js';
import { CursorCodec } from './paging/cursor.js';
import { schema } from './schema/index.js';
import { createSwrHttp, type SwrHttpOptions } from './swr/http.js';

/** Configuration `createApp` needs: the validated config with a resolved SWR endpoint. */
export type AppSettings = Omit<AppConfig, 'swrEndpoint' | 'port' | 'host'> & {
  /** Base URL of SWR (a real region, or the emulator). */
  swrEndpoint: string;
};

/** Optional collaborators, for tests and the embedded emulator. */
export interface AppDependencies {
  /** Replaces global fetch for SWR calls (tests pass the in-process emulator's handler). */
  fetch?: SwrHttpOptions['fetch'];
  /** Replaces the pino logger built from `logLevel`. */
  logger?: Logger;
  /** True when `swrEndpoint` is the embedded emulator; GraphiQL then offers the demo token. */
  emulated?: boolean;
}

/** The gateway: a Yoga app serving `/graphql`. It does not listen; see `listen.ts`. */
export interface App {
  yoga: YogaServerInstance<Record<string, unknown>, GatewayContext>;
  logger: Logger;
}

/** Builds the gateway from settings. Everything per request lives in the context it creates. */
export function createApp(settings: AppSettings, deps: AppDependencies = {}): App {
  const logger = deps.logger ?? createLogger(settings.logLevel);
  const http = createSwrHttp({
    endpoint: settings.swrEndpoint,
    fetch: deps.fetch,
    timeoutMs: settings.swrTimeoutMs,
  });
  const cursors = new CursorCodec(settings.cursorSecret);

  const yoga = createYoga<Record<string, unknown>, GatewayContext>({
    schema,
    graphqlEndpoint: '/graphql',
    landingPage: false,
    logging: {
      debug: (...args) => logger.debug(args.map(String).join(' ')),
      info: (...args) => logger.info(args.map(String).join(' ')),
      warn: (...args) => logger.warn(args.map(String).join(' ')),
      error: (...args) => logger.error({ err: args.find((arg) => arg instanceof Error) }, 'error'),
    },
    graphiql: graphiqlOptions(deps.emulated === true),
    plugins: [],
    context: ({ request }) => createContext(request, { http, cursors, log: logger }),
  });
  return { yoga, logger };
}
