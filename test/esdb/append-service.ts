/**
 * Streams.Append (one client-streaming call per append) and Streams.BatchAppend (one long-lived
 * two-way stream, batches keyed by correlation id), answering as EventStoreDB does: plain Append
 * reports a wrong expected version in its reply, BatchAppend as a google.rpc.Status.
 */
import { Empty as ProtobufEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import {
  status as GrpcStatus,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
} from '@grpc/grpc-js';
import { AppendReq, AppendResp, BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import {
  AllStreamPosition,
  BadRequest as BadRequestDetails,
  Empty,
  type UUID,
} from '@eventstore/db-client/generated/shared_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { Code } from '@eventstore/db-client/generated/code_pb';
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import {
  BadRequest,
  maximumAppendSizeStatus,
  proposedEvent,
  serviceError,
  streamIdentifier,
  streamNameOf,
  wrongExpectedVersionStatus,
} from './messages';
import type { AppendOutcome, Expected, ProposedEvent, TestLog } from './test-log';

export function appendHandler(log: TestLog) {
  return (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void => {
    let options: AppendReq.Options | undefined;
    const events: ProposedEvent[] = [];
    let failure: unknown;
    call.on('data', (request: AppendReq) => {
      try {
        if (request.hasOptions()) {
          if (options) throw new BadRequest('options sent twice');
          options = request.getOptions();
        } else {
          if (!options) throw new BadRequest('proposed message before options');
          events.push(proposedEvent(request.getProposedMessage()!));
        }
      } catch (error) {
        failure ??= error;
      }
    });
    call.on('end', () => {
      try {
        if (failure) throw failure;
        if (!options) throw new BadRequest('append without options');
        const expected = expectedOf(options.getExpectedStreamRevisionCase(), options.getRevision());
        const outcome = appendOrPeek(log, streamNameOf(options.getStreamIdentifier()), expected, events);
        if (outcome.kind === 'too_large') {
          callback(
            serviceError(GrpcStatus.INVALID_ARGUMENT, 'Maximum Append Size Exceeded', {
              exception: 'maximum-append-size-exceeded',
              'maximum-append-size': String(outcome.maxAppendSize),
            }),
          );
          return;
        }
        callback(null, appendResponse(outcome, expected));
      } catch (error) {
        const code = error instanceof BadRequest ? GrpcStatus.INVALID_ARGUMENT : GrpcStatus.INTERNAL;
        callback(serviceError(code, error instanceof Error ? error.message : String(error)));
      }
    });
  };
}

export function batchAppendHandler(log: TestLog) {
  return (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void => {
    const pending = new Map<string, { options?: BatchAppendReq.Options; events: ProposedEvent[]; failure?: unknown }>();
    call.on('data', (request: BatchAppendReq) => {
      const correlationId = request.getCorrelationId();
      const key = correlationId?.getString() ?? '';
      const batch = pending.get(key) ?? { events: [] };
      pending.set(key, batch);
      if (request.hasOptions()) batch.options = request.getOptions();
      try {
        batch.events.push(...request.getProposedMessagesList().map(proposedEvent));
      } catch (error) {
        batch.failure ??= error;
      }
      if (!request.getIsFinal()) return;
      pending.delete(key);
      if (!call.cancelled) call.write(batchResponse(log, correlationId, batch.options, batch.events, batch.failure));
    });
    call.on('end', () => call.end());
    call.on('error', () => pending.clear());
  };
}

function batchResponse(
  log: TestLog,
  correlationId: UUID | undefined,
  options: BatchAppendReq.Options | undefined,
  events: ProposedEvent[],
  failure: unknown,
): BatchAppendResp {
  const response = new BatchAppendResp().setCorrelationId(correlationId);
  if (!options || failure) {
    const message = failure instanceof Error ? failure.message : 'batch without options';
    // The client reads both unconditionally; an empty identifier is what it gets for a bad batch.
    response.setStreamIdentifier(streamIdentifier(''));
    return response.setError(badRequestStatus(message));
  }
  const stream = streamNameOf(options.getStreamIdentifier());
  const expected = expectedOf(options.getExpectedStreamPositionCase(), options.getStreamPosition());
  response.setStreamIdentifier(streamIdentifier(stream));
  if (expected.kind === 'revision') response.setStreamPosition(expected.revision.toString());
  else if (expected.kind === 'any') response.setAny(new ProtobufEmpty());
  else if (expected.kind === 'no_stream') response.setNoStream(new ProtobufEmpty());
  else response.setStreamExists(new ProtobufEmpty());

  const outcome = appendOrPeek(log, stream, expected, events);
  if (outcome.kind === 'too_large') return response.setError(maximumAppendSizeStatus(outcome.maxAppendSize));
  if (outcome.kind === 'wrong_expected_version') {
    return response.setError(wrongExpectedVersionStatus(outcome.current, expected));
  }
  const success = new BatchAppendResp.Success();
  if (outcome.kind === 'empty') {
    if (outcome.current === 'no_stream') success.setNoStream(new ProtobufEmpty());
    else success.setCurrentRevision(outcome.current.toString());
    return response.setSuccess(success.setNoPosition(new ProtobufEmpty()));
  }
  success.setCurrentRevision(outcome.currentRevision.toString());
  success.setPosition(
    new AllStreamPosition().setCommitPosition(outcome.commit.toString()).setPreparePosition(outcome.prepare.toString()),
  );
  return response.setSuccess(success);
}

/**
 * Both option messages number their expected-revision cases the same way:
 * 2 = revision, 3 = no_stream, 4 = any, 5 = stream_exists.
 */
function expectedOf(kase: number, revision: string): Expected {
  switch (kase) {
    case 2:
      return { kind: 'revision', revision: BigInt(revision) };
    case 3:
      return { kind: 'no_stream' };
    case 4:
      return { kind: 'any' };
    case 5:
      return { kind: 'stream_exists' };
    default:
      throw new BadRequest('append without an expected revision');
  }
}

/** An append of no events writes nothing and reports where the stream is. */
function appendOrPeek(
  log: TestLog,
  stream: string,
  expected: Expected,
  events: readonly ProposedEvent[],
): AppendOutcome | { kind: 'empty'; current: bigint | 'no_stream' } {
  if (events.length > 0) return log.append(stream, expected, events);
  const records = log.stream(stream);
  return { kind: 'empty', current: records ? records[records.length - 1].revision : 'no_stream' };
}

function appendResponse(
  outcome: Exclude<ReturnType<typeof appendOrPeek>, { kind: 'too_large' }>,
  expected: Expected,
): AppendResp {
  if (outcome.kind === 'wrong_expected_version') {
    const wrong = new AppendResp.WrongExpectedVersion();
    if (outcome.current === 'no_stream') wrong.setCurrentNoStream(new Empty());
    else wrong.setCurrentRevision(outcome.current.toString());
    if (expected.kind === 'revision') wrong.setExpectedRevision(expected.revision.toString());
    else if (expected.kind === 'any') wrong.setExpectedAny(new Empty());
    else if (expected.kind === 'no_stream') wrong.setExpectedNoStream(new Empty());
    else wrong.setExpectedStreamExists(new Empty());
    return new AppendResp().setWrongExpectedVersion(wrong);
  }
  const success = new AppendResp.Success();
  if (outcome.kind === 'empty') {
    if (outcome.current === 'no_stream') success.setNoStream(new Empty());
    else success.setCurrentRevision(outcome.current.toString());
    return new AppendResp().setSuccess(success.setNoPosition(new Empty()));
  }
  success.setCurrentRevision(outcome.currentRevision.toString());
  success.setPosition(
    new AppendResp.Position()
      .setCommitPosition(outcome.commit.toString())
      .setPreparePosition(outcome.prepare.toString()),
  );
  return new AppendResp().setSuccess(success);
}

function badRequestStatus(message: string): Status {
  const any = new Any();
  any.pack(new BadRequestDetails().setMessage(message).serializeBinary(), 'event_store.client.BadRequest');
  return new Status().setCode(Code.INVALID_ARGUMENT).setMessage(message).setDetails(any);
}
