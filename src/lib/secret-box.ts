import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts integration credentials (Slack tokens, webhook secrets…) for storage: AES-256-GCM with a fresh
 * 96-bit nonce per value. `context` (the owning row's id) is bound as additional data, so a ciphertext copied
 * onto another row does not decrypt there.
 */
export class SecretBox {
  private constructor(
    private readonly key: Buffer | undefined,
    /** Keys of before a rotation: they still open what they sealed, and never seal. */
    private readonly previousKeys: Buffer[] = [],
  ) {}

  static withKey(key: Buffer, previousKeys: Buffer[] = []): SecretBox {
    if ([key, ...previousKeys].some((each) => each.length !== 32)) throw new Error('A secret key is 32 bytes.');
    return new SecretBox(key, previousKeys);
  }

  /** A box that can hold no secrets: scaled mode without VIGIL_SECRET_KEY. */
  static none(): SecretBox {
    return new SecretBox(undefined);
  }

  get available(): boolean {
    return this.key !== undefined;
  }

  seal(plaintext: string, context: string): string {
    const key = this.requireKey();
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, nonce.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  /** Opens with the current key, else with a previous one (GCM refuses a wrong key, so trying is safe). */
  open(sealed: string, context: string): string {
    let failure: unknown;
    for (const key of [this.requireKey(), ...this.previousKeys]) {
      try {
        return openWith(key, sealed, context);
      } catch (error) {
        failure ??= error;
      }
    }
    throw failure;
  }

  /** Whether `sealed` was sealed with the current key (else `reseal` has work to do). */
  sealedWithCurrentKey(sealed: string, context: string): boolean {
    try {
      openWith(this.requireKey(), sealed, context);
      return true;
    } catch {
      return false;
    }
  }

  private requireKey(): Buffer {
    if (!this.key) throw new Error('No secret key: set VIGIL_SECRET_KEY.');
    return this.key;
  }
}

function openWith(key: Buffer, sealed: string, context: string): string {
  const [version, nonce, tag, body] = sealed.split('.');
  if (version !== VERSION || nonce === undefined || tag === undefined || body === undefined) throw new Error('Not a sealed secret of this version.');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(nonce, 'base64url'));
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

/** VIGIL_SECRET_KEY's forms: 64 hex digits or base64 of 32 bytes. */
export function parseSecretKey(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-f]{64}$/i.test(trimmed)) return Buffer.from(trimmed, 'hex');
  const decoded = Buffer.from(trimmed, 'base64');
  return decoded.length === 32 ? decoded : undefined;
}
