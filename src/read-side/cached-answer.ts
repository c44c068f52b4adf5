import { Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { ReadModels } from './read-models';

const MAX_ENTRIES = 256;

/**
 * Answers of the read side serialised once per read-model version: the dashboard and clients
 * ask the same questions far more often than events arrive. Every answer carries the checkpoint
 * it reflects in `X-Checkpoint`.
 */
@Injectable()
export class CachedAnswer {
  private readonly bodies = new Map<string, { version: number; body: string; checkpoint: string }>();

  constructor(private readonly readModels: ReadModels) {}

  async send(response: Response, key: string, compute: () => Promise<unknown>): Promise<void> {
    const version = this.readModels.version;
    let entry = this.bodies.get(key);
    if (!entry || entry.version !== version) {
      const checkpoint = this.readModels.checkpoint();
      const body = JSON.stringify(await compute());
      entry = { version, body, checkpoint };
      if (this.bodies.size >= MAX_ENTRIES) this.bodies.delete(this.bodies.keys().next().value!);
      this.bodies.set(key, entry);
    }
    response.setHeader('X-Checkpoint', entry.checkpoint);
    response.type('application/json').send(entry.body);
  }
}
