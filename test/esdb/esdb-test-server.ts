/**
 * An in-process gRPC server speaking the part of EventStoreDB's protocol that @eventstore/db-client
 * uses for streams: enough to run the EsdbEventStore adapter (and the whole app) without a real
 * node. test/esdb/README.md lists what it does not model.
 */
import {
  Server,
  ServerCredentials,
  status as GrpcStatus,
  type sendUnaryData,
  type ServerUnaryCall,
} from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { appendHandler, batchAppendHandler } from './append-service';
import { serviceError } from './messages';
import { readHandler, SubscriptionRegistry } from './read-service';
import { TestLog } from './test-log';

export interface EsdbTestServerOptions {
  /** Advertise Streams.BatchAppend, so the client appends through it (default true). */
  batchAppend?: boolean;
  /** Where `$all` positions start; above 2^53 to prove positions stay bigints end to end. */
  positionOffset?: bigint;
  /** Send `caught_up` to subscriptions, as servers from 23.10 do (default true). */
  caughtUp?: boolean;
  /** EventStoreDB's MaxAppendSize, in bytes of data + metadata + type (default 1 MiB, its default). */
  maxAppendSize?: number;
}

export interface EsdbTestServer {
  connectionString: string;
  /** Ends every live subscription with UNAVAILABLE, as a node going away does. */
  dropSubscriptions(): void;
  /** Arms a one-off drop: the next subscription to start is dropped after sending this many events. */
  dropNextSubscriptionAfter(events: number): void;
  /** Writes `$`-prefixed events as a running node does by itself (statistics, projections, links). */
  appendSystemEvents(count: number): void;
  stop(): Promise<void>;
}

const STREAMS = 'event_store.client.streams.Streams';

export async function startEsdbTestServer(options: EsdbTestServerOptions = {}): Promise<EsdbTestServer> {
  const batchAppend = options.batchAppend ?? true;
  const log = new TestLog(options.positionOffset ?? 0n, options.maxAppendSize ?? 1024 * 1024);
  const subscriptions = new SubscriptionRegistry();
  const server = new Server({
    // The client sends up to 3 MiB per BatchAppend message and reads up to 17 MiB.
    'grpc.max_receive_message_length': 32 * 1024 * 1024,
    'grpc.max_send_message_length': 32 * 1024 * 1024,
  });
  server.addService(StreamsService, {
    read: readHandler(log, subscriptions, { caughtUp: options.caughtUp ?? true }),
    append: appendHandler(log),
    batchAppend: batchAppendHandler(log),
    delete: unimplemented,
    tombstone: unimplemented,
  });
  server.addService(ServerFeaturesService, {
    getSupportedMethods: (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) =>
      callback(null, supportedMethods(batchAppend)),
  });

  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (error, bound) =>
      error ? reject(error) : resolve(bound),
    ),
  );

  return {
    connectionString: `esdb://127.0.0.1:${port}?tls=false`,
    dropSubscriptions: () => subscriptions.dropAll(),
    dropNextSubscriptionAfter: (events) => subscriptions.armDrop(events),
    appendSystemEvents: (count) => log.appendSystemNoise(count),
    async stop() {
      subscriptions.dropAll();
      // Clients keep BatchAppend and subscription calls open; a graceful shutdown would wait for them.
      server.forceShutdown();
    },
  };
}

function supportedMethods(batchAppend: boolean): SupportedMethods {
  // The client lower-cases `/service/method` before it compares, as the real server's names are mixed-case.
  const names = ['read', 'append', 'delete', 'tombstone', ...(batchAppend ? ['batchappend'] : [])];
  return new SupportedMethods()
    .setEventStoreServerVersion('23.10.0')
    .setMethodsList(
      names.map((name) => new SupportedMethod().setServiceName(STREAMS.toLowerCase()).setMethodName(name)),
    );
}

function unimplemented(_call: unknown, callback: sendUnaryData<never>): void {
  callback(serviceError(GrpcStatus.UNIMPLEMENTED, 'not modelled by the test server'));
}
