import fc from 'fast-check';
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  buildReplyEnvelope,
  buildTextReply,
  cdata,
  parseEnvelope,
  parseMessage,
  parseReplyEnvelope,
  parseXmlDocument,
  readFlatXml,
  WecomXmlError,
} from '../../src/wecom/xml.js';
import vectors from './wecom-vectors.json' with { type: 'json' };

describe('parseEnvelope', () => {
  it('should read Encrypt exactly as sent, whatever the element order', () => {
    expect(parseEnvelope(vectors.B2_post_body)).toBe(vectors.B2_text_msg.encrypt_b64);
    const reordered = `<xml><Encrypt><![CDATA[ab+/=]]></Encrypt><AgentID><![CDATA[1]]></AgentID><ToUserName>x</ToUserName></xml>`;
    expect(parseEnvelope(reordered)).toBe('ab+/=');
  });

  it.each([
    ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY e "boom">]><xml><Encrypt>&e;</Encrypt></xml>'],
    [
      'an external entity',
      '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><xml><Encrypt>&e;</Encrypt></xml>',
    ],
    ['unclosed elements', '<xml><Encrypt>abc</xml>'],
    ['no root', 'Encrypt=abc'],
    ['no Encrypt', '<xml><ToUserName>x</ToUserName></xml>'],
    ['an empty Encrypt', '<xml><Encrypt></Encrypt></xml>'],
    ['a prototype key', '<xml><__proto__>1</__proto__><Encrypt>a</Encrypt></xml>'],
  ])('should refuse %s', (_, raw) => {
    expect(() => parseEnvelope(raw)).toThrow(WecomXmlError);
  });
});

describe('parseMessage', () => {
  it('should turn a text message into an Inbound, keeping the 64-bit MsgId as a string', () => {
    const parsed = parseMessage(vectors.B2_text_msg.msg);

    expect(parsed).toEqual({
      kind: 'inbound',
      inbound: {
        kind: 'text',
        userId: 'zhangsan',
        text: '明天9点提醒我交周报',
        msgId: '7301234567890123456',
        createdAt: new Date(1700000001 * 1000),
      },
    });
  });

  it('should read the official sample with newlines between elements', () => {
    const parsed = parseMessage(vectors.A_official.post_plain);

    expect(parsed).toMatchObject({
      inbound: { kind: 'text', userId: 'mycreate', text: 'hello', msgId: '4561255354251345929' },
    });
  });

  it('should turn enter_agent into an event without an event key', () => {
    expect(parseMessage(vectors.B3_enter_agent.msg)).toEqual({
      kind: 'inbound',
      inbound: {
        kind: 'event',
        userId: 'zhangsan',
        event: 'enter_agent',
        eventKey: undefined,
        createdAt: new Date(1700000002000),
      },
    });
  });

  it('should keep spaces and markup-like text inside CDATA', () => {
    const raw = `<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>${cdata(' a <b> ]]> c ')}</Content><MsgId>1</MsgId></xml>`;

    expect(parseMessage(raw)).toMatchObject({ inbound: { text: ' a <b> ]]> c ' } });
  });

  it('should report types the bot does not handle', () => {
    const raw =
      '<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>image</MsgType><MediaId>m</MediaId></xml>';

    expect(parseMessage(raw)).toEqual({ kind: 'unsupported', msgType: 'image' });
  });

  it('should refuse a text message without MsgId', () => {
    const raw =
      '<xml><FromUserName>u</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content></xml>';

    expect(() => parseMessage(raw)).toThrow(WecomXmlError);
  });
});

describe('passive reply XML', () => {
  it('should build the reply of vector B6 byte for byte', () => {
    const plain = buildTextReply({
      toUser: 'zhangsan',
      fromCorp: 'ww1234567890abcdef',
      createTime: 1700000005,
      content: '好的，已设置每日提醒',
    });

    expect(plain).toBe(vectors.B6_passive_reply.msg);
  });

  it('should build and read back the envelope of vector B6', () => {
    const v = vectors.B6_passive_reply;
    const sealed = {
      encrypt: v.encrypt_b64,
      signature: v.msg_signature,
      timestamp: v.timestamp,
      nonce: v.nonce,
    };

    expect(buildReplyEnvelope(sealed)).toBe(vectors.B6_reply_envelope);
    expect(parseReplyEnvelope(vectors.B6_reply_envelope)).toEqual(sealed);
  });

  it('should split a CDATA terminator so the section cannot be closed early', () => {
    const doc = parseXmlDocument(`<xml><C>${cdata('a]]>b]]>')}</C></xml>`);

    expect(doc.C).toBe('a]]>b]]>');
  });
});

describe('readFlatXml, the fast path', () => {
  const parseWithLibrary = (raw: string) => {
    const { '#text': _, ...fields } = new XMLParser({
      ignoreAttributes: true,
      parseTagValue: false,
      trimValues: false,
    }).parse(raw).xml as Record<string, unknown>;
    return fields;
  };

  it('should read the vectors as the validating parser does', () => {
    for (const raw of [
      vectors.B2_post_body,
      vectors.B2_text_msg.msg,
      vectors.B3_enter_agent.msg,
      vectors.A_official.post_plain,
    ]) {
      expect(readFlatXml(raw)).toEqual(parseWithLibrary(raw));
    }
  });

  it('should agree with the validating parser on any flat document it accepts', () => {
    const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9]{0,8}$/);
    const value = fc.string({ unit: 'grapheme', maxLength: 30 });
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(name, value, fc.boolean()), {
          selector: ([n]) => n,
          minLength: 1,
          maxLength: 6,
        }),
        (items) => {
          const raw = `<xml>${items.map(([n, v, c]) => `\n<${n}>${c ? cdata(v) : v}</${n}>`).join('')}\n</xml>`;
          const flat = readFlatXml(raw);
          if (flat) expect(flat).toEqual(parseWithLibrary(raw));
        },
      ),
    );
  });

  it.each([
    ['nesting', '<xml><A><B>1</B></A></xml>'],
    ['an entity', '<xml><A>a &amp; b</A></xml>'],
    ['a repeated element', '<xml><A>1</A><A>2</A></xml>'],
    ['an attribute', '<xml><A x="1">1</A></xml>'],
    ['a split CDATA section', `<xml><A>${cdata('a]]>b')}</A></xml>`],
    ['trailing garbage', '<xml><A>1</A></xml><xml/>'],
  ])('should leave %s to the validating parser', (_, raw) => {
    expect(readFlatXml(raw)).toBeUndefined();
  });

  it('should still refuse malformed documents through the validating parser', () => {
    expect(() => parseXmlDocument('<xml><A>1</B></xml>')).toThrow(WecomXmlError);
    expect(parseXmlDocument('<xml><A><B>1</B></A></xml>')).toEqual({ A: { B: '1' } });
  });
});
