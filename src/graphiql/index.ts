export { GRAPHIQL_ASSETS_PREFIX, graphiqlAssetPath, useGraphiQLAssets } from './assets.js';
export {
  DEMO_TOKEN,
  type GatewayGraphiQLOptions,
  graphiqlOptions,
  TOKEN_PLACEHOLDER,
} from './options.js';
export { renderGraphiQL } from './page.js';
export { useRootRedirect } from './root-redirect.js';
