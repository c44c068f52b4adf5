import { BadRequestException } from '@nestjs/common';

/** Printable ASCII, 1–200 characters: enough for UUIDs and client-made keys, nothing stranger. */
export function idempotencyKeyOf(header: string | undefined): string | undefined {
  if (header === undefined) return undefined;
  if (!/^[\x21-\x7e]{1,200}$/.test(header)) {
    throw new BadRequestException({
      code: 'REQUEST.INVALID',
      message: ['Idempotency-Key must be 1-200 printable ASCII characters'],
    });
  }
  return header;
}
