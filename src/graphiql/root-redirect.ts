import type { Plugin } from 'graphql-yoga';

/**
 * `GET`/`HEAD /` answers `302 Found` to the GraphQL endpoint, so a browser opening the gateway's
 * root lands on GraphiQL instead of an empty 404. Every other path passes through untouched.
 */
export function useRootRedirect(graphqlEndpoint: string): Plugin {
  return {
    onRequest({ request, url, endResponse, fetchAPI }) {
      if (url.pathname !== '/' || (request.method !== 'GET' && request.method !== 'HEAD')) return;
      endResponse(
        new fetchAPI.Response(null, { status: 302, headers: { location: graphqlEndpoint } }),
      );
    },
  };
}
