/** The query API as the dashboard uses it: GETs with the key (if any), answers with the checkpoint they reflect. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** 401: reads need a key here, or the one given is not known. */
export class KeyNeeded extends ApiError {}

export interface Answer<T> {
  body: T;
  /** X-Checkpoint: the store position the answer reflects. */
  checkpoint?: string;
}

// The session, not the device: a viewer key typed on a shared computer is gone when the tab closes.
const KEY_STORAGE = 'compliance-ledger.api-key';

export class Api {
  private secret: string | undefined = sessionStorage.getItem(KEY_STORAGE) ?? undefined;

  get key(): string | undefined {
    return this.secret;
  }

  set key(value: string | undefined) {
    this.secret = value || undefined;
    if (this.secret) sessionStorage.setItem(KEY_STORAGE, this.secret);
    else sessionStorage.removeItem(KEY_STORAGE);
  }

  headers(): Record<string, string> {
    return this.secret ? { Authorization: `Bearer ${this.secret}` } : {};
  }

  /**
   * A GET with the key, if any. A query value that is a list repeats its name (`status=a&status=b`); empty values are
   * left out. `signal` cancels it: the newer question of a search box makes the older answer moot.
   */
  async get<T>(
    path: string,
    query: Record<string, string | readonly string[] | undefined> = {},
    signal?: AbortSignal,
  ): Promise<Answer<T>> {
    const params = new URLSearchParams();
    for (const [name, value] of Object.entries(query)) {
      for (const one of typeof value === 'string' ? [value] : (value ?? [])) if (one) params.append(name, one);
    }
    const search = params.toString();
    const url = search ? `${path}${path.includes('?') ? '&' : '?'}${search}` : path;
    let response: Response;
    try {
      response = await fetch(url, { headers: { Accept: 'application/json', ...this.headers() }, signal });
    } catch (error) {
      if (signal?.aborted) throw error;
      throw new ApiError(0, 'the server did not answer; is it running?');
    }
    if (!response.ok) {
      const message = await problemMessage(response);
      if (response.status === 401) throw new KeyNeeded(401, message);
      throw new ApiError(response.status, message);
    }
    return { body: (await response.json()) as T, checkpoint: response.headers.get('X-Checkpoint') ?? undefined };
  }
}

/** The error a cancelled request ends with: not a failure to show. */
export const isAbort = (error: unknown): boolean => error instanceof DOMException && error.name === 'AbortError';

async function problemMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { message?: unknown };
    if (typeof body.message === 'string') return body.message;
  } catch {
    // not JSON: fall back on the status line
  }
  return `${response.status} ${response.statusText}`;
}

/** Orders `commit/prepare` checkpoints; `none` (an empty store) comes first. */
export function compareCheckpoints(a: string, b: string): number {
  const parse = (text: string): [bigint, bigint] => {
    const match = /^(\d+)\/(\d+)$/.exec(text);
    return match ? [BigInt(match[1]), BigInt(match[2])] : [-1n, -1n];
  };
  const [ac, ap] = parse(a);
  const [bc, bp] = parse(b);
  if (ac !== bc) return ac < bc ? -1 : 1;
  return ap === bp ? 0 : ap < bp ? -1 : 1;
}
