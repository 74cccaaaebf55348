import { createCipheriv } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  computeSignature,
  createWecomCrypto,
  decodeAesKey,
  safeEqual,
  WecomCryptoError,
} from '../../src/wecom/crypto.js';
import vectors from './wecom-vectors.json' with { type: 'json' };

const A = {
  token: 'QDG6eK',
  encodingAesKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C',
  receiveId: 'wx5823bf96d3bd56c7',
};
const B = vectors.B_params;
const appB = createWecomCrypto({ token: B.token, encodingAesKey: B.encodingAESKey, receiveId: B.corpid });
const botB = createWecomCrypto({ token: B.token, encodingAesKey: B.encodingAESKey, receiveId: '' });
const random = Buffer.from(B.random_hex, 'hex');

const OFFICIAL_ECHOSTR =
  'P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==';
const OFFICIAL_POST =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';

function reasonOf(run: () => unknown): string {
  try {
    run();
  } catch (err) {
    if (err instanceof WecomCryptoError) return err.reason;
    throw err;
  }
  throw new Error('expected a WecomCryptoError');
}

describe('WeCom crypto against the official sample', () => {
  const official = createWecomCrypto(A);

  it('should sign and open the URL verification echostr', () => {
    expect(official.sign('1409659589', '263014780', OFFICIAL_ECHOSTR)).toBe(vectors.A_official.get_signature);
    expect(official.decrypt(OFFICIAL_ECHOSTR)).toBe('1616140317555161061');
  });

  it('should open the POST sample, whose padding is 30 bytes', () => {
    expect(official.sign('1409659813', '1372623149', OFFICIAL_POST)).toBe(vectors.A_official.post_signature);
    expect(official.decrypt(OFFICIAL_POST)).toBe(vectors.A_official.post_plain);
  });
});

describe('WeCom crypto against the constructed vectors', () => {
  const appVectors = [
    ['B1 echostr', vectors.B1_echostr],
    ['B2 Chinese text', vectors.B2_text_msg],
    ['B3 enter_agent, pad 31', vectors.B3_enter_agent],
    ['B4 full pad block', vectors.B4_full_pad_block],
    ['B5 pad over 16', vectors.B5_pad_gt_16],
    ['B6 passive reply', vectors.B6_passive_reply],
  ] as const;

  it.each(appVectors)('%s: should give the same ciphertext, signature and plaintext', (_, v) => {
    expect(appB.encrypt(v.msg, random)).toBe(v.encrypt_b64);
    expect(appB.sign(v.timestamp, v.nonce, v.encrypt_b64)).toBe(v.msg_signature);
    expect(appB.decrypt(v.encrypt_b64)).toBe(v.msg);
  });

  it.each([
    ['B7 inbound', vectors.B7_aibot_inbound],
    ['B8 stream reply', vectors.B8_aibot_reply],
  ] as const)('%s: should work with the empty receive id of the intelligent bot', (_, v) => {
    expect(botB.encrypt(v.msg, random)).toBe(v.encrypt_b64);
    expect(botB.sign(v.timestamp, v.nonce, v.encrypt_b64)).toBe(v.msg_signature);
    expect(botB.decrypt(v.encrypt_b64)).toBe(v.msg);
  });

  it('should sort the signature inputs as strings, not numbers', () => {
    const v = vectors.B2_text_msg;

    expect(computeSignature(B.token, v.timestamp, v.nonce, v.encrypt_b64)).toBe(v.msg_signature);
    expect(computeSignature(v.nonce, v.encrypt_b64, B.token, v.timestamp)).toBe(v.msg_signature);
  });
});

describe('WeCom crypto refusals', () => {
  const v = vectors.B2_text_msg;

  it('should refuse a ciphertext addressed to another corp', () => {
    const other = createWecomCrypto({
      token: B.token,
      encodingAesKey: B.encodingAESKey,
      receiveId: 'wrongcorp',
    });

    expect(reasonOf(() => other.decrypt(v.encrypt_b64))).toBe('receiveId');
    expect(reasonOf(() => botB.decrypt(v.encrypt_b64))).toBe('receiveId');
  });

  it('should refuse a ciphertext made with another key, at the padding', () => {
    const keyA = createWecomCrypto({ ...A, receiveId: B.corpid });

    for (const vector of [vectors.B1_echostr, v, vectors.B3_enter_agent, vectors.B4_full_pad_block]) {
      expect(reasonOf(() => keyA.decrypt(vector.encrypt_b64))).toBe('decrypt');
    }
  });

  it('should refuse text that is not base64, and blocks of the wrong size', () => {
    expect(reasonOf(() => appB.decrypt('not base64!'))).toBe('base64');
    expect(reasonOf(() => appB.decrypt(''))).toBe('base64');
    expect(reasonOf(() => appB.decrypt(Buffer.alloc(48).toString('base64')))).toBe('decrypt');
  });

  it('should refuse a plaintext whose length field points past its end', () => {
    // Pad 32 over a 32-byte plaintext whose length field claims 4096 bytes.
    const forged = forge(Buffer.concat([random, Buffer.from([0, 0, 16, 0]), Buffer.alloc(12, 0x61)]));

    expect(reasonOf(() => appB.decrypt(forged))).toBe('badBuffer');
  });

  it('should refuse padding whose bytes disagree', () => {
    const plain = Buffer.concat([random, Buffer.from([0, 0, 0, 1]), Buffer.from('x'), Buffer.alloc(11, 0)]);
    const badPad = Buffer.concat([plain, Buffer.alloc(31, 32), Buffer.from([31])]);

    expect(reasonOf(() => appB.decrypt(forge(badPad, false)))).toBe('decrypt');
  });

  it('should refuse a signature that differs in any input', () => {
    const { timestamp, nonce, encrypt_b64: encrypt, msg_signature: signature } = v;

    expect(() => appB.verify(signature, timestamp, nonce, encrypt)).not.toThrow();
    expect(reasonOf(() => appB.verify(signature, '1700000009', nonce, encrypt))).toBe('signature');
    expect(reasonOf(() => appB.verify(signature, timestamp, `${nonce}1`, encrypt))).toBe('signature');
    expect(reasonOf(() => appB.verify(signature, timestamp, nonce, `A${encrypt.slice(1)}`))).toBe(
      'signature',
    );
    expect(reasonOf(() => appB.verify(signature.slice(0, 39), timestamp, nonce, encrypt))).toBe('signature');
  });

  it('should refuse an EncodingAESKey that is not 43 characters', () => {
    expect(reasonOf(() => decodeAesKey('abc'))).toBe('badAesKey');
    expect(reasonOf(() => decodeAesKey(`${B.encodingAESKey}A`))).toBe('badAesKey');
  });

  it('should compare in constant time only strings of equal length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('WeCom crypto round trips', () => {
  it('should open whatever it seals, for any text and receive id', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.constantFrom('', 'ww1234567890abcdef'),
        (msg, id) => {
          const crypto = createWecomCrypto({
            token: B.token,
            encodingAesKey: B.encodingAESKey,
            receiveId: id,
          });
          const sealed = crypto.seal(msg, '1700000000', '42');

          crypto.verify(sealed.signature, sealed.timestamp, sealed.nonce, sealed.encrypt);
          expect(crypto.decrypt(sealed.encrypt)).toBe(msg);
        },
      ),
    );
  });

  it('should use fresh random bytes for every message', () => {
    expect(appB.encrypt('same')).not.toBe(appB.encrypt('same'));
  });
});

/** Encrypts raw bytes with key B, adding a full pad block unless told the padding is done. */
function forge(plain: Buffer, pad = true): string {
  const key = Buffer.from(B.aesKeyHex, 'hex');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  const n = 32 - (plain.length % 32);
  const body = pad ? Buffer.concat([plain, Buffer.alloc(n, n)]) : plain;
  return Buffer.concat([cipher.update(body), cipher.final()]).toString('base64');
}
