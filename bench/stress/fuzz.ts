// Property-based fuzzing of what a stranger's bytes reach first: the XML layer, the callback
// crypto and the chat parsers. Each property runs `runs` cases; a failure throws with the
// counterexample fast-check shrank it to.
import fc from 'fast-check';
import { parseAssessArgs } from '../../commands/assess.js';
import { parseLeaveArgs } from '../../commands/leave.js';
import { parseResourceArgs } from '../../commands/resource.js';
import { parseServiceArgs } from '../../commands/service.js';
import { parseVisitArgs } from '../../commands/visit.js';
import { parseChatDate, parseChatMonth } from '../../src/chat/dates.js';
import { normalizeMessage } from '../../src/chat/normalize.js';
import { createWecomCrypto, WecomCryptoError } from '../../src/wecom/crypto.js';
import { cdata, parseEnvelope, parseMessage, WecomXmlError } from '../../src/wecom/xml.js';

const TODAY = '2026-12-03';
const crypto = createWecomCrypto({
  token: 'FuzzToken',
  encodingAesKey: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
  receiveId: 'wwfuzzcorp',
});

/** Only the layer's own error may come out: anything else would be a 500 or a crash. */
function onlyThrows(run: () => unknown, ...allowed: (new (...args: never[]) => Error)[]): boolean {
  try {
    run();
    return true;
  } catch (err) {
    if (allowed.some((kind) => err instanceof kind)) return true;
    throw err;
  }
}

const XML_BITS = [
  '<xml>',
  '</xml>',
  '<Encrypt>',
  '</Encrypt>',
  '<![CDATA[',
  ']]>',
  '<!DOCTYPE x [<!ENTITY e "e">]>',
  '<!ENTITY',
  '&e;',
  '&amp;',
  '&#x41;',
  '<?xml version="1.0"?>',
  '<MsgType>text</MsgType>',
  '<Content>',
  '</Content>',
  '<MsgId>1</MsgId>',
  '<FromUserName>u</FromUserName>',
  '<CreateTime>1</CreateTime>',
  '<a b="c">',
  '<!--',
  '-->',
  '\u0000',
];
const xmlish = fc
  .array(fc.oneof(fc.constantFrom(...XML_BITS), fc.string({ maxLength: 12 })), { maxLength: 20 })
  .map((parts) => parts.join(''));
const anyText = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 60 }),
);
const chatText = fc.oneof(
  anyText,
  fc
    .array(
      fc.oneof(
        fc.constantFrom(
          '昨天',
          '今天',
          '前天',
          '周三',
          '上周五',
          '12月1日',
          '2026-11-30',
          '13月40日',
          '入户',
          '电话',
        ),
        fc.constantFrom(
          '抽查',
          '心理疏导',
          '儿童本人',
          '父母',
          '一级',
          '红色',
          '死亡',
          '成年',
          '、',
          '，',
          ' ',
          '　',
        ),
        fc.string({ maxLength: 6 }),
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join(' ')),
);

export interface FuzzFigures {
  property: string;
  runs: number;
  ms: number;
}

export function fuzzParsers(runs: number, seed = 20261204): FuzzFigures[] {
  const figures: FuzzFigures[] = [];
  const check = <T extends [unknown, ...unknown[]]>(property: string, prop: fc.IPropertyWithHooks<T>) => {
    const at = performance.now();
    fc.assert(prop, { numRuns: runs, seed });
    figures.push({ property, runs, ms: performance.now() - at });
  };

  check(
    'XML envelope and message: only WecomXmlError',
    fc.property(fc.oneof(xmlish, anyText), (raw) => {
      onlyThrows(() => parseEnvelope(raw), WecomXmlError);
      onlyThrows(() => parseMessage(raw), WecomXmlError);
      return true;
    }),
  );
  check(
    'XML text message: any user and content read back unchanged',
    fc.property(fc.string({ minLength: 1, maxLength: 30 }), anyText, (user, content) => {
      const xml =
        `<xml><ToUserName>${cdata('ww')}</ToUserName><FromUserName>${cdata(user)}</FromUserName>` +
        `<CreateTime>1</CreateTime><MsgType>${cdata('text')}</MsgType><Content>${cdata(content)}</Content>` +
        '<MsgId>7</MsgId></xml>';
      let parsed: ReturnType<typeof parseMessage>;
      try {
        parsed = parseMessage(xml);
      } catch (err) {
        // Characters XML 1.0 cannot carry are refused, never misread.
        if (err instanceof WecomXmlError) return true;
        throw err;
      }
      return parsed.kind === 'inbound' && parsed.inbound.kind === 'text' && parsed.inbound.text === content;
    }),
  );
  check(
    'crypto: forged or damaged ciphertext only WecomCryptoError',
    fc.property(fc.oneof(fc.base64String({ maxLength: 200 }), anyText), (encrypt) =>
      onlyThrows(() => crypto.decrypt(encrypt), WecomCryptoError),
    ),
  );
  check(
    'crypto: a flipped byte in a sealed message is refused',
    fc.property(anyText, fc.nat(), fc.nat(255), (message, at, bit) => {
      const sealed = crypto.seal(message, '1', 'n').encrypt;
      const bytes = Buffer.from(sealed, 'base64');
      const i = at % bytes.length;
      bytes[i] = bytes[i]! ^ (1 + (bit % 255));
      try {
        return crypto.decrypt(bytes.toString('base64')) !== message;
      } catch (err) {
        if (err instanceof WecomCryptoError) return true;
        throw err;
      }
    }),
  );
  check(
    'chat parsers: any text gives a result or a problem, never a throw',
    fc.property(chatText, (text) => {
      const normal = normalizeMessage(text);
      if (normalizeMessage(normal) !== normal) return false;
      for (const parse of [parseVisitArgs, parseServiceArgs, parseAssessArgs, parseLeaveArgs]) {
        const r = parse(normal, TODAY) as object;
        if (typeof r !== 'object' || r === null) return false;
      }
      parseResourceArgs(normal);
      for (const token of normal.split(' ')) {
        const d = parseChatDate(token, TODAY);
        if (d !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
        const m = parseChatMonth(token, TODAY);
        if (m !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(m)) return false;
      }
      return true;
    }),
  );
  return figures;
}
