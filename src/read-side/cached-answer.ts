import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { appConfig } from '../config/app.config';
import { addressOf } from '../http/throttling';
import { Clock } from '../time/clock';
import { AnonymousDays } from './anonymous-days';
import { AnswerCache } from './answer-cache';
import { ReadModels } from './read-models';

const MAX_ENTRIES = 256;
/** Smaller answers go out as they are: compressing them saves less than it costs. */
const COMPRESS_FROM_BYTES = 1024;

type Encoding = 'br' | 'gzip';

const ENCODERS: Record<Encoding, (body: Buffer) => Promise<Buffer>> = {
  // Quality 7: 9.6 MB of opinions in about 0.2 s, a quarter smaller than gzip; 11, the default, takes 16 s.
  br: (body) =>
    promisify(brotliCompress)(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 7, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    }),
  gzip: (body) => promisify(gzip)(body),
};

interface Entry {
  version: number;
  /** The checkpoint when the answer was computed: at least what it reflects. */
  checkpoint: string;
  body: Buffer;
  etag: string;
  /** Compressed once, on the first request that accepts the encoding (in zlib's thread pool). */
  encoded: Partial<Record<Encoding, Promise<Buffer>>>;
}

/**
 * Answers of the read side serialised once per version of the projection they are computed from:
 * the dashboard and clients ask the same questions far more often than events arrive, and most
 * events change one projection only (alerts are raised far less often than cases are written).
 * Each answer is kept as bytes with an ETag and compressed at most once per encoding, so a
 * repeated question costs a buffer write (or a 304 for a client that sends If-None-Match), not a
 * serialisation, a hash and a compression. Every answer carries in `X-Checkpoint` the checkpoint
 * it reflects: the current one while the projection has not changed since the answer was made.
 *
 * A reader chooses the questions, so what they cost is bounded: the answers kept are the least
 * recently used out first, within ANSWER_CACHE_MB (compressed forms included), and callers without
 * a key have answers for days of their choosing computed at a limited pace (AnonymousDays). Requests
 * for an answer being computed wait for it rather than compute it again.
 */
@Injectable()
export class CachedAnswer {
  private readonly entries: AnswerCache<Entry>;
  private readonly computing = new Map<string, Promise<Entry>>();
  private readonly anonymousDays: AnonymousDays;

  constructor(
    private readonly readModels: ReadModels,
    private readonly clock: Clock,
    @Inject(appConfig.KEY) private readonly config: ConfigType<typeof appConfig>,
  ) {
    this.entries = new AnswerCache(MAX_ENTRIES, config.answerCacheMb * 1024 * 1024);
    this.anonymousDays = new AnonymousDays(config.anonymousAsOfPerMinute);
  }

  /**
   * `projection`: the one projection whose documents `compute` reads; `key`: the question. A question about a day
   * other than today (`?asOf=`) is one of as many as there are days: an anonymous caller pays for each it has computed.
   */
  async send(response: Response, projection: string, key: string, compute: () => Promise<unknown>): Promise<void> {
    const version = this.readModels.versionOf(projection);
    let entry = this.entries.get(key);
    if (!entry || entry.version !== version) {
      const id = `${version}\u0000${key}`;
      let made = this.computing.get(id);
      if (!made) {
        const request = response.req as AuthenticatedRequest;
        // Today is every visitor's question (the dashboard names it too); another day is the caller's own.
        const asOf = request.query.asOf;
        const charge =
          asOf !== undefined && asOf !== this.clock.today() && !request.principal
            ? await this.admitted(response, addressOf(request))
            : undefined;
        made = this.make(version, compute, charge);
        this.computing.set(id, made);
        void made.then(
          (fresh) => this.entries.set(key, fresh, fresh.body.length),
          () => undefined,
        );
        void made.finally(() => this.computing.delete(id)).catch(() => undefined);
      }
      entry = await made;
    }
    const request = response.req as Request;
    // Unchanged since the answer was made, the projection gives the same answer at the current checkpoint.
    const current = this.readModels.versionOf(projection) === entry.version;
    response.setHeader('X-Checkpoint', current ? this.readModels.checkpoint() : entry.checkpoint);
    response.setHeader('ETag', entry.etag);
    response.setHeader('Vary', 'Accept-Encoding');
    response.type('application/json');
    if (notModified(request.headers['if-none-match'], entry.etag)) {
      response.status(304).end();
      return;
    }
    const encoding = entry.body.length >= COMPRESS_FROM_BYTES ? accepted(request) : undefined;
    let bytes = entry.body;
    if (encoding) {
      const cached = entry;
      bytes = await (entry.encoded[encoding] ??= ENCODERS[encoding](entry.body).then((encoded) => {
        this.entries.grew(key, cached, encoded.length);
        return encoded;
      }));
      response.setHeader('Content-Encoding', encoding);
    }
    response.setHeader('Content-Length', bytes.length);
    response.end(bytes);
  }

  private async make(version: number, compute: () => Promise<unknown>, charge?: (ms: number) => void) {
    const started = performance.now();
    try {
      const checkpoint = this.readModels.checkpoint();
      const body = Buffer.from(JSON.stringify(await compute()), 'utf8');
      const etag = `W/"${body.length.toString(16)}-${createHash('sha1').update(body).digest('base64url')}"`;
      return { version, checkpoint, body, etag, encoded: {} } satisfies Entry;
    } finally {
      charge?.(performance.now() - started);
    }
  }

  private async admitted(response: Response, address: string): Promise<(ms: number) => void> {
    try {
      return await this.anonymousDays.admit(address);
    } catch (error) {
      const retry = ((error as HttpException).getResponse?.() as { retryAfterSeconds?: number })?.retryAfterSeconds;
      if (retry !== undefined) response.setHeader('Retry-After', String(retry));
      throw error;
    }
  }
}

/**
 * Brotli when the client takes it as willingly as gzip (a browser lists gzip first, at the same
 * weight): the same answer in a fifth fewer bytes. Weights as in RFC 9110, `*` included.
 */
function accepted(request: Request): Encoding | undefined {
  const weights = new Map<string, number>();
  for (const part of (request.headers['accept-encoding'] ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    if (name) weights.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (encoding: Encoding) => weights.get(encoding) ?? weights.get('*') ?? 0;
  if (weight('br') > 0 && weight('br') >= weight('gzip')) return 'br';
  return weight('gzip') > 0 ? 'gzip' : undefined;
}

/** If-None-Match with weak comparison (RFC 9110): any listed tag equal to ours, or `*`. */
function notModified(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === opaque;
  });
}
