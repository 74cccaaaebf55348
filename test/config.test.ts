import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const WECOM = {
  WECOM_CORP_ID: 'ww1234567890abcdef',
  WECOM_AGENT_ID: '1000002',
  WECOM_SECRET: 'a-secret-of-some-length',
  WECOM_TOKEN: 'QwTestToken2024',
  WECOM_ENCODING_AES_KEY: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
};

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('should use the documented defaults when nothing is set', () => {
    const config = loadConfig({});

    expect(config).toMatchObject({
      port: 3000,
      digestCron: '5 8 * * *',
      dataDir: './data',
      passiveReplyMs: 3000,
    });
    expect(config.databaseUrl).toBeUndefined();
    expect(config.wecom).toBeUndefined();
  });

  it('should read a complete WeCom configuration', () => {
    const config = loadConfig(WECOM);

    expect(config.wecom).toEqual({
      corpId: 'ww1234567890abcdef',
      agentId: 1000002,
      secret: 'a-secret-of-some-length',
      token: 'QwTestToken2024',
      encodingAesKey: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
      apiBase: 'https://qyapi.weixin.qq.com',
    });
  });

  it('should name every wrong variable on a line of its own', () => {
    const lines = problems({ PORT: 'abc', DATABASE_URL: 'mysql://x', DIGEST_CRON: 'every morning' });

    expect(lines).toHaveLength(3);
    expect(lines.find((l) => l.startsWith('PORT:'))).toContain('a port number such as 3000');
    expect(lines.find((l) => l.startsWith('DATABASE_URL:'))).toContain('postgresql://');
    expect(lines.find((l) => l.startsWith('DIGEST_CRON:'))).toContain('"5 8 * * *"');
  });

  it('should refuse a partial WeCom configuration and list what is missing', () => {
    const lines = problems({ WECOM_CORP_ID: 'ww1234567890abcdef', WECOM_TOKEN: 'abc' });

    expect(lines).toEqual([
      expect.stringMatching(/^WECOM_AGENT_ID: missing/),
      expect.stringMatching(/^WECOM_SECRET: missing/),
      expect.stringMatching(/^WECOM_ENCODING_AES_KEY: missing/),
    ]);
  });

  it('should never echo a secret value back', () => {
    const lines = problems({ ...WECOM, WECOM_ENCODING_AES_KEY: 'short-but-secret' });

    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('exactly 43 letters and digits');
    expect(lines[0]).not.toContain('short-but-secret');
  });

  it('should read the intelligent bot settings when both are set', () => {
    const config = loadConfig({
      WECOM_AIBOT_TOKEN: 'AibotToken1',
      WECOM_AIBOT_ENCODING_AES_KEY: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
    });

    expect(config.aibot).toEqual({
      token: 'AibotToken1',
      encodingAesKey: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8',
    });
    expect(config.wecom).toBeUndefined();
  });

  it('should refuse half an intelligent bot configuration', () => {
    const lines = problems({ WECOM_AIBOT_TOKEN: 'AibotToken1' });

    expect(lines).toEqual([expect.stringMatching(/^WECOM_AIBOT_ENCODING_AES_KEY: missing/)]);
  });

  it('should refuse an intelligent bot key of the wrong shape without echoing it', () => {
    const lines = problems({
      WECOM_AIBOT_TOKEN: 'AibotToken1',
      WECOM_AIBOT_ENCODING_AES_KEY: 'too-short-key',
    });

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^WECOM_AIBOT_ENCODING_AES_KEY: .*exactly 43 letters and digits/);
    expect(lines[0]).not.toContain('too-short-key');
  });

  it('should read CHAT_MARKDOWN as a yes/no setting, off by default', () => {
    expect(loadConfig({}).chatMarkdown).toBe(false);
    expect(loadConfig({ CHAT_MARKDOWN: 'true' }).chatMarkdown).toBe(true);
    expect(problems({ CHAT_MARKDOWN: 'yes' })).toEqual([
      'CHAT_MARKDOWN: should be true or false (got "yes")',
    ]);
  });

  it('should read PUBLIC_BASE_URL without its trailing slash and refuse one with a path', () => {
    expect(loadConfig({}).publicBaseUrl).toBeUndefined();
    expect(loadConfig({ PUBLIC_BASE_URL: 'https://gat.example.cn/' }).publicBaseUrl).toBe(
      'https://gat.example.cn',
    );
    expect(problems({ PUBLIC_BASE_URL: 'https://gat.example.cn/web', WECOM_OAUTH_BASE: 'nope' })).toEqual([
      'PUBLIC_BASE_URL: should be an http(s) URL without a path, such as https://gat.example.gov.cn (got "https://gat.example.cn/web")',
      'WECOM_OAUTH_BASE: should be an http(s) URL such as https://open.weixin.qq.com (got "nope")',
    ]);
    expect(loadConfig({}).oauthBase).toBe('https://open.weixin.qq.com');
  });
});
