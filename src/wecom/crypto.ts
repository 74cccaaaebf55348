// WeCom callback crypto (docs 90238/90968): SHA-1 signature over four sorted strings, and
// AES-256-CBC with a 32-byte PKCS#7 block over random(16) ‖ len(4, BE) ‖ msg ‖ receiveid.
import { createCipheriv, createDecipheriv, createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** The official library's error numbers, kept so log lines match WeCom's own vocabulary. */
export const CRYPTO_ERRORS = {
  signature: -40001,
  badAesKey: -40004,
  receiveId: -40005,
  decrypt: -40007,
  badBuffer: -40008,
  base64: -40010,
} as const;

export type CryptoErrorReason = keyof typeof CRYPTO_ERRORS;

export class WecomCryptoError extends Error {
  readonly code: number;

  constructor(
    readonly reason: CryptoErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'WecomCryptoError';
    this.code = CRYPTO_ERRORS[reason];
  }
}

const BLOCK = 32;

/** Decodes the 43-character EncodingAESKey into the 32-byte AES key. */
export function decodeAesKey(encodingAesKey: string): Buffer {
  const key = Buffer.from(`${encodingAesKey}=`, 'base64');
  if (encodingAesKey.length !== 43 || key.length !== 32) {
    throw new WecomCryptoError('badAesKey', 'EncodingAESKey must be 43 characters decoding to 32 bytes');
  }
  return key;
}

/** sha1 of the four strings sorted as strings and joined, as lowercase hex. */
export function computeSignature(token: string, timestamp: string, nonce: string, encrypt: string): string {
  const joined = [token, timestamp, nonce, encrypt].sort().join('');
  return createHash('sha1').update(joined).digest('hex');
}

/** Constant-time equality of two strings; false when the lengths differ. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export interface CryptoOptions {
  token: string;
  encodingAesKey: string;
  /** CorpID for a self-built app, '' for the intelligent bot. */
  receiveId: string;
}

export interface SealedMessage {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

/** One app's crypto: verifies and opens callbacks, seals replies. */
export interface WecomCrypto {
  sign(timestamp: string, nonce: string, encrypt: string): string;
  /** Throws WecomCryptoError('signature') unless the signature matches. */
  verify(signature: string, timestamp: string, nonce: string, encrypt: string): void;
  decrypt(encrypt: string): string;
  encrypt(message: string, random?: Buffer): string;
  /** Encrypts and signs a reply for the given timestamp and nonce. */
  seal(message: string, timestamp: string, nonce: string): SealedMessage;
}

export function createWecomCrypto(options: CryptoOptions): WecomCrypto {
  const key = decodeAesKey(options.encodingAesKey);
  const iv = key.subarray(0, 16);
  const { token, receiveId } = options;

  const self: WecomCrypto = {
    sign: (timestamp, nonce, encrypt) => computeSignature(token, timestamp, nonce, encrypt),
    verify(signature, timestamp, nonce, encrypt) {
      if (!safeEqual(computeSignature(token, timestamp, nonce, encrypt), signature.toLowerCase())) {
        throw new WecomCryptoError('signature', 'msg_signature does not match');
      }
    },
    decrypt: (encrypt) => openMessage(key, iv, encrypt, receiveId),
    encrypt: (message, random) => sealMessage(key, iv, message, receiveId, random),
    seal(message, timestamp, nonce) {
      const encrypt = self.encrypt(message);
      return { encrypt, signature: self.sign(timestamp, nonce, encrypt), timestamp, nonce };
    },
  };
  return self;
}

function sealMessage(key: Buffer, iv: Buffer, message: string, receiveId: string, random?: Buffer): string {
  const rand = random ?? freshRandom();
  if (rand.length !== 16) throw new WecomCryptoError('badBuffer', 'random must be 16 bytes');
  const body = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(body.length, 0);
  const plain = Buffer.concat([rand, length, body, Buffer.from(receiveId, 'utf8')]);
  // Always pad, a whole block of 32 when the length is already a multiple of 32.
  const pad = BLOCK - (plain.length % BLOCK);

  const cipher = createCipheriv('aes-256-cbc', key, iv);
  cipher.setAutoPadding(false);
  const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
}

// randomBytes is cheaper per byte in bulk: draw 4 KB at a time and hand out each 16 bytes once.
let randomPool = Buffer.alloc(0);
let randomOffset = 0;
function freshRandom(): Buffer {
  if (randomOffset + 16 > randomPool.length) {
    randomPool = randomBytes(4096);
    randomOffset = 0;
  }
  randomOffset += 16;
  return randomPool.subarray(randomOffset - 16, randomOffset);
}

function openMessage(key: Buffer, iv: Buffer, encrypt: string, receiveId: string): string {
  // Node's decoder skips what is not base64; encoding back exposes any such character.
  const data = Buffer.from(encrypt, 'base64');
  if (encrypt.length === 0 || data.toString('base64') !== encrypt) {
    throw new WecomCryptoError('base64', 'ciphertext is not base64');
  }
  if (data.length === 0 || data.length % BLOCK !== 0) {
    throw new WecomCryptoError('decrypt', 'ciphertext is not a whole number of 32-byte blocks');
  }

  const decipher = createDecipheriv('aes-256-cbc', key, iv);
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(data), decipher.final()]);
  const plain = unpad(padded);

  if (plain.length < 20) throw new WecomCryptoError('badBuffer', 'plaintext shorter than its header');
  const length = plain.readUInt32BE(16);
  if (20 + length > plain.length) throw new WecomCryptoError('badBuffer', 'message length out of range');

  const id = plain.subarray(20 + length).toString('utf8');
  if (id !== receiveId) throw new WecomCryptoError('receiveId', 'receive id belongs to someone else');
  return plain.subarray(20, 20 + length).toString('utf8');
}

/** Strict PKCS#7 with a 32-byte block: 1..32 bytes, all equal to their count. */
function unpad(padded: Buffer): Buffer {
  const n = padded[padded.length - 1] ?? 0;
  if (n < 1 || n > BLOCK || n > padded.length) throw new WecomCryptoError('decrypt', 'bad padding');
  for (let i = padded.length - n; i < padded.length; i++) {
    if (padded[i] !== n) throw new WecomCryptoError('decrypt', 'bad padding');
  }
  return padded.subarray(0, padded.length - n);
}
