import type { PipeTransform } from '@nestjs/common';

/** An identifier looked up as it is recorded (NFC, trimmed): `A/HRC/WGAD/2021/33 ` finds `A/HRC/WGAD/2021/33`. */
export class IdentifierPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    return typeof value === 'string' ? value.normalize('NFC').trim() : value;
  }
}
