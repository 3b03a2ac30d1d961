// Grip's Admin GraphQL client (graphql-request). Retries what Shopify asks to retry: THROTTLED
// (waits for the bucket to refill to the query's cost, per extensions.cost) and 5xx / network
// failures (exponential backoff with jitter). Everything else is an AdminApiError naming the
// operation and Shopify's messages.
import { ClientError, GraphQLClient } from "graphql-request";
import { ADMIN_API_VERSION } from "./queries";
import { adminGraphqlUrl, type FetchLike } from "./endpoint";

export interface AdminGraphql {
  shop: string;
  request<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export class AdminApiError extends Error {
  constructor(message: string, readonly status?: number, readonly errors?: unknown) {
    super(message);
    this.name = "AdminApiError";
  }
}

interface ThrottleStatus { maximumAvailable: number; currentlyAvailable: number; restoreRate: number }
interface CostExtension { requestedQueryCost?: number; actualQueryCost?: number; throttleStatus?: ThrottleStatus }

export interface AdminClientOptions {
  shop: string;
  accessToken: () => Promise<string>;
  fetch?: FetchLike;
  apiVersion?: string;
  maxAttempts?: number;
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function operationName(query: string): string {
  return /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "anonymous";
}

export function createAdminClient(opts: AdminClientOptions): AdminGraphql {
  const url = adminGraphqlUrl(opts.shop, opts.apiVersion ?? ADMIN_API_VERSION);
  const maxAttempts = opts.maxAttempts ?? 8;
  const sleep = opts.sleep ?? defaultSleep;
  return {
    shop: opts.shop,
    async request<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const name = operationName(query);
      let lastError: unknown;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        const client = new GraphQLClient(url, {
          fetch: opts.fetch,
          headers: { "X-Shopify-Access-Token": await opts.accessToken(), "Content-Type": "application/json" },
        });
        try {
          const res = await client.rawRequest<T>(query, variables);
          return res.data;
        } catch (err) {
          lastError = err;
          const wait = retryDelay(err, attempt);
          if (wait === null) throw toAdminError(name, err);
          await sleep(wait);
        }
      }
      throw toAdminError(name, lastError, `gave up after ${maxAttempts} attempts`);
    },
  };
}

/** ms to wait before retrying, or null when the error is not worth retrying. */
function retryDelay(err: unknown, attempt: number): number | null {
  const backoff = Math.min(30_000, 250 * 2 ** (attempt - 1));
  const jitter = (ms: number) => Math.round(ms / 2 + Math.random() * (ms / 2));
  if (err instanceof ClientError) {
    const status = err.response.status;
    const errors = (err.response.errors ?? []) as Array<{ extensions?: { code?: string } }>;
    if (errors.some((e) => e.extensions?.code === "THROTTLED")) {
      const cost = (err.response.extensions as { cost?: CostExtension } | undefined)?.cost;
      const ts = cost?.throttleStatus;
      if (ts && cost?.requestedQueryCost !== undefined && ts.restoreRate > 0) {
        const deficit = Math.max(0, cost.requestedQueryCost - ts.currentlyAvailable);
        return Math.ceil((deficit / ts.restoreRate) * 1000) + jitter(100);
      }
      return jitter(1000 * attempt);
    }
    if (status === 429 || status >= 500) return jitter(backoff);
    return null;
  }
  // Network failure (connection refused/reset, timeout): retry with backoff.
  if (err instanceof TypeError || (err as { code?: string })?.code === "ECONNRESET") return jitter(backoff);
  return null;
}

function toAdminError(name: string, err: unknown, prefix?: string): AdminApiError {
  if (err instanceof ClientError) {
    const msgs = (err.response.errors ?? []).map((e) => e.message).join("; ");
    return new AdminApiError(
      `${prefix ? prefix + ": " : ""}Admin API ${name} failed (HTTP ${err.response.status}): ${msgs || JSON.stringify(err.response.error ?? err.response).slice(0, 300)}`,
      err.response.status,
      err.response.errors,
    );
  }
  return new AdminApiError(`${prefix ? prefix + ": " : ""}Admin API ${name} failed: ${(err as Error)?.message ?? String(err)}`);
}
