import {
  type AugmentedRequest,
  type DataSourceConfig,
  RESTDataSource,
} from '@apollo/datasource-rest';

/** One item of SWR's `GET /v2/manage/shared-repositories`, the fields the peer serves. */
export interface SwrSharedRepository {
  namespace: string;
  name: string;
  domain_name: string;
  category: string;
  size: number;
  is_public: boolean;
  num_images: number;
  num_download: number;
  updated_at: string;
  status: boolean;
  total_range?: number;
}

export interface SwrPage {
  items: SwrSharedRepository[];
  /** From `Content-Range: offset-count/total`, else the items' `total_range`; null if neither. */
  total: number | null;
}

const TOTAL = /\/\s*(\d+)\s*$/;

/**
 * SWR as Apollo's docs have a REST API written: a `RESTDataSource` subclass built per request with
 * the caller's token, the server's shared cache and the default fetcher (node-fetch over Node's
 * global agent, which keeps connections alive on Node ≥ 19).
 */
export class SwrApi extends RESTDataSource {
  override baseURL: string;
  readonly #token: string;
  readonly #requestId: string | undefined;

  constructor(options: {
    baseURL: string;
    token: string;
    requestId: string | undefined;
    cache: DataSourceConfig['cache'];
  }) {
    super({ cache: options.cache });
    this.baseURL = options.baseURL.endsWith('/') ? options.baseURL : `${options.baseURL}/`;
    this.#token = options.token;
    this.#requestId = options.requestId;
  }

  override willSendRequest(_path: string, request: AugmentedRequest): void {
    request.headers['x-auth-token'] = this.#token;
    if (this.#requestId !== undefined) request.headers['x-request-id'] = this.#requestId;
  }

  /** `GET /v2/manage/shared-repositories` (ListSharedReposDetails), one page. */
  async listSharedRepositories(center: string, limit: number, offset: number): Promise<SwrPage> {
    const { parsedBody, response } = await this.fetch<SwrSharedRepository[]>(
      'v2/manage/shared-repositories',
      { method: 'GET', params: { center, limit: String(limit), offset: String(offset) } },
    );
    const range = TOTAL.exec(response.headers.get('content-range') ?? '')?.[1];
    const total = range !== undefined ? Number(range) : (parsedBody[0]?.total_range ?? null);
    return { items: parsedBody, total };
  }
}
