/** Protobuf helpers shared by the test server's services. */
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { ReadResp } from '@eventstore/db-client/generated/streams_pb';
import {
  Empty as ClientEmpty,
  MaximumAppendSizeExceeded,
  StreamIdentifier,
  UUID,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { status as GrpcStatus, Metadata, type ServiceError } from '@grpc/grpc-js';
import type { Expected, LogRecord, ProposedEvent } from './test-log';

const UUID_TEXT = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class BadRequest extends Error {}

export function streamNameOf(identifier: StreamIdentifier | undefined): string {
  if (!identifier) throw new BadRequest('stream identifier missing');
  return Buffer.from(identifier.getStreamName_asU8()).toString('utf8');
}

export function streamIdentifier(name: string): StreamIdentifier {
  return new StreamIdentifier().setStreamName(Buffer.from(name, 'utf8'));
}

/** EventStoreDB parses ids as GUIDs and formats them lower-case when it answers. */
export function uuidOf(uuid: UUID | undefined): string {
  const text = uuid?.getString() ?? '';
  if (!UUID_TEXT.test(text)) throw new BadRequest(`event id is not a UUID string: ${JSON.stringify(text)}`);
  return text.toLowerCase();
}

interface ProposedMessageLike {
  getId(): UUID | undefined;
  getMetadataMap(): { get(key: string): string | undefined };
  getData_asU8(): Uint8Array;
  getCustomMetadata_asU8(): Uint8Array;
}

export function proposedEvent(message: ProposedMessageLike): ProposedEvent {
  const metadata = message.getMetadataMap();
  const type = metadata.get('type');
  const contentType = metadata.get('content-type');
  if (!type || !contentType) throw new BadRequest('proposed message without type or content-type');
  return {
    eventId: uuidOf(message.getId()),
    type,
    contentType,
    data: message.getData_asU8(),
    customMetadata: message.getCustomMetadata_asU8(),
  };
}

/** `$all` reads say where the event is; stream reads say `no_position`, like the real server. */
export function eventResponse(record: LogRecord, withPosition: boolean): ReadResp {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(record.eventId))
    .setStreamIdentifier(streamIdentifier(record.stream))
    .setStreamRevision(record.revision.toString())
    .setPreparePosition(record.prepare.toString())
    .setCommitPosition(record.commit.toString())
    .setData(record.data)
    .setCustomMetadata(record.customMetadata);
  const map = recorded.getMetadataMap();
  map.set('type', record.type);
  map.set('content-type', record.contentType);
  map.set('created', record.created.toString());
  const event = new ReadResp.ReadEvent().setEvent(recorded);
  if (withPosition) event.setCommitPosition(record.commit.toString());
  else event.setNoPosition(new ClientEmpty());
  return new ReadResp().setEvent(event);
}

/** BatchAppend failures travel as google.rpc.Status with the details packed, as the real server does. */
export function wrongExpectedVersionStatus(current: bigint | 'no_stream', expected: Expected): Status {
  const details = new WrongExpectedVersion();
  if (current === 'no_stream') details.setCurrentNoStream(new ProtobufEmpty());
  else details.setCurrentStreamRevision(current.toString());
  switch (expected.kind) {
    case 'any':
      details.setExpectedAny(new ProtobufEmpty());
      break;
    case 'no_stream':
      details.setExpectedNoStream(new ProtobufEmpty());
      break;
    case 'stream_exists':
      details.setExpectedStreamExists(new ProtobufEmpty());
      break;
    case 'revision':
      details.setExpectedStreamPosition(expected.revision.toString());
      break;
  }
  return packedStatus(Code.FAILED_PRECONDITION, 'WrongExpectedVersion', details, 'WrongExpectedVersion');
}

export function maximumAppendSizeStatus(maxAppendSize: number): Status {
  const details = new MaximumAppendSizeExceeded().setMaxappendsize(maxAppendSize);
  return packedStatus(Code.INVALID_ARGUMENT, 'Maximum Append Size Exceeded', details, 'MaximumAppendSizeExceeded');
}

function packedStatus(code: Code, message: string, details: { serializeBinary(): Uint8Array }, name: string): Status {
  const any = new Any();
  any.pack(details.serializeBinary(), `event_store.client.${name}`);
  return new Status().setCode(code).setMessage(message).setDetails(any);
}

/** Plain (non-batch) calls report errors as gRPC status plus an `exception` trailer. */
export function serviceError(code: GrpcStatus, details: string, trailers: Record<string, string> = {}): ServiceError {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(details), { code, details, metadata });
}
