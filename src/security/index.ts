import type { Plugin } from 'graphql-yoga';
import type { AppConfig } from '../config.js';
import { useCodedRequestErrors } from '../errors/request-error-shape.js';
import { useBodyLimit, yogaBodyLimit } from './body-limit.js';
import { corsPolicy, useVaryOrigin } from './cors.js';
import { useCsrfPrevention } from './csrf.js';
import { useEntityLoadLimit } from './entity-loads.js';
import { useHiddenFieldSuggestions } from './field-suggestions.js';
import { useIntrospectionPolicy } from './introspection.js';
import { persistedOperationPlugins } from './persisted-operations.js';
import { useQueryCost } from './query-cost.js';
import { useQueryLimits } from './query-limits.js';
import { useRouterOnlyService } from './router-secret.js';
import { useSupportedOperations } from './supported-operations.js';

/** The settings the request guards read. */
export type SecuritySettings = Pick<
  AppConfig,
  | 'maxDepth'
  | 'maxAliases'
  | 'maxTokens'
  | 'maxDirectives'
  | 'maxCost'
  | 'maxEntities'
  | 'maxBodyBytes'
  | 'corsOrigins'
  | 'introspection'
  | 'routerSecret'
  | 'persistedOperations'
>;

/**
 * The request guards, in the order they act: CSRF and body size while the HTTP request is
 * parsed, persisted operations on its parameters, shape limits while parsing and validating,
 * introspection and suggestions at validation, cost and entity loads just before execution. Every refusal happens
 * before any resolver runs, so before any SWR call.
 */
export function securityPlugins(settings: SecuritySettings): Plugin[] {
  const plugins: Array<Plugin | null> = [
    useVaryOrigin(settings.corsOrigins),
    useCsrfPrevention(),
    useBodyLimit(settings.maxBodyBytes),
    ...persistedOperationPlugins(settings.persistedOperations),
    useQueryLimits(settings),
    useIntrospectionPolicy({ enabled: settings.introspection, maxDepth: settings.maxDepth }),
    settings.introspection ? null : useHiddenFieldSuggestions(),
    useRouterOnlyService(settings),
    useSupportedOperations(),
    useCodedRequestErrors(),
    useQueryCost({ maxCost: settings.maxCost }),
    useEntityLoadLimit({ maxEntities: settings.maxEntities }),
  ];
  return plugins.filter((plugin) => plugin !== null);
}

/** yoga's `maxRequestBodySize`: off when `useBodyLimit` (`MAX_BODY_BYTES`) is the stricter limit. */
export function securityMaxRequestBodySize(settings: Pick<SecuritySettings, 'maxBodyBytes'>) {
  return yogaBodyLimit(settings.maxBodyBytes);
}

/** yoga's `cors` option from `CORS_ORIGINS`. */
export function securityCors(settings: Pick<SecuritySettings, 'corsOrigins'>) {
  return corsPolicy(settings.corsOrigins);
}
