import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ROLES, type ApiKeySpec, type AppConfig, type Role } from '../config/app.config';

export interface Principal {
  name: string;
  role: Role;
}

interface StoredKey extends Principal {
  /** SHA-256 of the secret: secrets are never kept in clear at rest. */
  sha256: string;
}

const digest = (secret: string) => createHash('sha256').update(secret, 'utf8').digest();

/** The keys the server accepts: from API_KEYS, or the admin key made on the first start. */
export class ApiKeyRegistry {
  private constructor(private readonly keys: Array<Principal & { hash: Buffer }>) {}

  static fromSpecs(specs: ApiKeySpec[]): ApiKeyRegistry {
    return new ApiKeyRegistry(specs.map(({ role, name, secret }) => ({ role, name, hash: digest(secret) })));
  }

  /**
   * With no API_KEYS: reads the key file beside the store, or creates it with a new admin key
   * whose secret is handed to `announce` once and stored only as a hash.
   */
  static firstStart(config: AppConfig, announce: (message: string) => void): ApiKeyRegistry {
    const file = keyFilePath(config);
    if (!existsSync(file)) {
      const secret = `cl_${randomBytes(24).toString('base64url')}`;
      const key: StoredKey = { role: 'admin', name: 'admin', sha256: digest(secret).toString('hex') };
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify([key], null, 2) + '\n', { mode: 0o600, flag: 'wx' });
      announce(
        `No API_KEYS set: created an admin key, shown this once — keep it: ${secret}\n` +
          `(stored hashed in ${file}; set API_KEYS to manage keys yourself)`,
      );
    }
    const stored = JSON.parse(readFileSync(file, 'utf8')) as StoredKey[];
    return new ApiKeyRegistry(
      stored
        .filter((k) => (ROLES as readonly string[]).includes(k.role) && /^[0-9a-f]{64}$/.test(k.sha256))
        .map((k) => ({ role: k.role, name: k.name, hash: Buffer.from(k.sha256, 'hex') })),
    );
  }

  /** Compares against every key in constant time, so timing tells nothing about near misses. */
  authenticate(secret: string): Principal | undefined {
    const presented = digest(secret);
    let match: Principal | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(presented, key.hash) && !match) match = { name: key.name, role: key.role };
    }
    return match;
  }
}

export function keyFilePath(config: AppConfig): string {
  const beside = config.eventStore === 'sqlite' ? config.sqlitePath : config.readModelPath;
  return join(dirname(beside), 'api-keys.json');
}
