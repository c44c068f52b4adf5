/**
 * What NestJS on Express does here at all: the same framework versions as the server, one
 * controller, no middleware, no guards, no logging, no validation, no store. GET answers a small
 * JSON object; POST takes the benchmark's inquiry body (parsed by Express's JSON parser) and
 * answers 201. Run in its own process; its rates are the ceiling any route of ours can reach here,
 * beside which the POST target of 3k req/s is read.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { Body, Controller, Get, HttpCode, Module, Post } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { log } from '../support/log';
import type { Figures } from '../support/phase';
import { cannon, describe, inquiryBody, latencies } from './http-load';

@Controller('floor')
class FloorController {
  @Get()
  get(): { status: string } {
    return { status: 'ok' };
  }

  @Post()
  @HttpCode(201)
  post(@Body() body: { type?: unknown }): { received: unknown } {
    return { received: body.type };
  }
}

@Module({ controllers: [FloorController] })
class FloorModule {}

async function serve(): Promise<void> {
  const app = await NestFactory.create(FloorModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  process.send!(address.port);
}

/** GET and POST against the bare Nest app, from `connections` clients each. */
export async function nestFloor(built: string, seconds: number, connections: number, today: string): Promise<Figures> {
  const child = fork(join(built, 'bench', 'workloads', 'nest-floor.js'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (p) => resolve(p as number));
      child.once('exit', (code) => reject(new Error(`the bare Nest app exited (${code})`)));
    });
    const url = `http://127.0.0.1:${port}/floor`;
    const get = await cannon({ url, connections, duration: seconds });
    log(`bare Nest app, GET: ${describe(get)}`);
    let n = 0;
    const post = await cannon({
      url,
      connections,
      duration: seconds,
      headers: { 'content-type': 'application/json' },
      requests: [{ method: 'POST', setupRequest: (request) => ({ ...request, body: inquiryBody(n++, today) }) }],
    });
    log(`bare Nest app, POST: ${describe(post)}`);
    return { ...latencies('nestFloorGet', get), ...latencies('nestFloorPost', post, 201) };
  } finally {
    child.kill();
  }
}

if (require.main === module) void serve();
