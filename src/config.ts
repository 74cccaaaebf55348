import { z } from 'zod';

/** Settings read once from the environment at start-up. */
export interface Config {
  databaseUrl?: string;
  port: number;
  host: string;
  logLevel: string;
  dataDir: string;
  embeddedPgPort: number;
  digestCron: string;
  timeZone: 'Asia/Shanghai';
  /** Commands that finish sooner get a passive reply; slower ones are answered through the API. */
  passiveReplyMs: number;
  /** Every member reads WeCom in the WeCom client (not WeChat), so replies sent through the API may be markdown. */
  chatMarkdown: boolean;
  /** R5.1: an approved child is paid from the month of approval or the month after */
  subsidyPayFrom: 'same_month' | 'next_month';
  /** How long a client may take to send its headers and its whole request (slow-loris). */
  http: { headersTimeoutMs: number; requestTimeoutMs: number };
  wecom?: WecomConfig;
  /** The intelligent bot (智能机器人) in HTTP callback mode, on its own route. */
  aibot?: AibotConfig;
  /** Where staff reach this server (https://…), without a trailing slash: chat links, OAuth redirect. */
  publicBaseUrl?: string;
  /** The WeCom web-login (OAuth2 authorize) host; tests point it at the fake API. */
  oauthBase: string;
}

export interface WecomConfig {
  corpId: string;
  agentId: number;
  secret: string;
  token: string;
  encodingAesKey: string;
  apiBase: string;
}

export interface AibotConfig {
  token: string;
  encodingAesKey: string;
}

const AIBOT_KEYS = ['WECOM_AIBOT_TOKEN', 'WECOM_AIBOT_ENCODING_AES_KEY'] as const;

const WECOM_KEYS = [
  'WECOM_CORP_ID',
  'WECOM_AGENT_ID',
  'WECOM_SECRET',
  'WECOM_TOKEN',
  'WECOM_ENCODING_AES_KEY',
] as const;

const cronField = /^[\d*,/-]+$/;

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'a PostgreSQL URL such as postgresql://user:pass@host:5432/db')
    .optional(),
  PORT: z.coerce
    .number({ message: 'a port number such as 3000' })
    .int('a whole port number such as 3000')
    .min(1, 'a port between 1 and 65535')
    .max(65535, 'a port between 1 and 65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z
    .enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'], {
      message: 'one of trace, debug, info, warn, error, fatal, silent',
    })
    .default('info'),
  DATA_DIR: z.string().min(1).default('./data'),
  EMBEDDED_PG_PORT: z.coerce
    .number({ message: 'a port number such as 5433' })
    .int()
    .min(1024, 'a port between 1024 and 65535')
    .max(65535, 'a port between 1024 and 65535')
    .default(5433),
  DIGEST_CRON: z
    .string()
    .refine(
      (v) => {
        const parts = v.trim().split(/\s+/);
        return (parts.length === 5 || parts.length === 6) && parts.every((p) => cronField.test(p));
      },
      { message: 'a cron expression of 5 fields such as "5 8 * * *" (read in Asia/Shanghai)' },
    )
    .default('5 8 * * *'),
  PASSIVE_REPLY_MS: z.coerce
    .number({ message: 'milliseconds between 100 and 4500, such as 3000' })
    .int()
    .min(100, 'milliseconds between 100 and 4500, such as 3000')
    .max(4500, 'milliseconds between 100 and 4500 (WeCom gives up after 5 s)')
    .default(3000),
  HTTP_HEADERS_TIMEOUT_MS: z.coerce
    .number({ message: 'milliseconds between 1000 and 60000, such as 10000' })
    .int()
    .min(1000, 'milliseconds between 1000 and 60000, such as 10000')
    .max(60_000, 'milliseconds between 1000 and 60000, such as 10000')
    .default(10_000),
  HTTP_REQUEST_TIMEOUT_MS: z.coerce
    .number({ message: 'milliseconds between 1000 and 120000, such as 15000' })
    .int()
    .min(1000, 'milliseconds between 1000 and 120000, such as 15000')
    .max(120_000, 'milliseconds between 1000 and 120000, such as 15000')
    .default(15_000),
  CHAT_MARKDOWN: z
    .enum(['true', 'false', '1', '0'], { message: 'true or false' })
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  SUBSIDY_PAY_FROM: z
    .enum(['next_month', 'same_month'], {
      message: 'next_month (paid from the month after approval) or same_month',
    })
    .default('next_month'),
  WECOM_CORP_ID: z
    .string()
    .regex(/^\w{6,64}$/, 'the CorpID from 我的企业, such as ww1234567890abcdef')
    .optional(),
  WECOM_AGENT_ID: z.coerce
    .number({ message: 'the AgentId of the app, a number such as 1000002' })
    .int()
    .positive()
    .optional(),
  WECOM_SECRET: z.string().min(8, 'the app Secret from the admin console').optional(),
  WECOM_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{1,32}$/, 'the callback Token: up to 32 letters and digits')
    .optional(),
  WECOM_ENCODING_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, 'the callback EncodingAESKey: exactly 43 letters and digits')
    .optional(),
  WECOM_AIBOT_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9]{1,32}$/, 'the intelligent bot’s callback Token: up to 32 letters and digits')
    .optional(),
  WECOM_AIBOT_ENCODING_AES_KEY: z
    .string()
    .regex(/^[A-Za-z0-9]{43}$/, 'the intelligent bot’s EncodingAESKey: exactly 43 letters and digits')
    .optional(),
  WECOM_API_BASE: z
    .string()
    .url('an http(s) URL such as https://qyapi.weixin.qq.com')
    .default('https://qyapi.weixin.qq.com'),
  PUBLIC_BASE_URL: z
    .string()
    .regex(/^https?:\/\/[^/?#\s]+\/?$/, 'an http(s) URL without a path, such as https://gat.example.gov.cn')
    .optional(),
  WECOM_OAUTH_BASE: z
    .string()
    .url('an http(s) URL such as https://open.weixin.qq.com')
    .default('https://open.weixin.qq.com'),
});

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates the environment; throws ConfigError with one line per wrong variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0] ?? '?');
      return `${name}: should be ${issue.message} (got ${describeValue(cleaned[name], name)})`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;

  const present = WECOM_KEYS.filter((k) => e[k] !== undefined);
  if (present.length > 0 && present.length < WECOM_KEYS.length) {
    const missing = WECOM_KEYS.filter((k) => e[k] === undefined);
    throw new ConfigError(
      missing.map((k) => `${k}: missing; set all of ${WECOM_KEYS.join(', ')} or none of them`),
    );
  }

  const aibotPresent = AIBOT_KEYS.filter((k) => e[k] !== undefined);
  if (aibotPresent.length === 1) {
    const missing = AIBOT_KEYS.filter((k) => e[k] === undefined);
    throw new ConfigError(
      missing.map((k) => `${k}: missing; set both of ${AIBOT_KEYS.join(', ')} or neither`),
    );
  }

  return {
    databaseUrl: e.DATABASE_URL,
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    embeddedPgPort: e.EMBEDDED_PG_PORT,
    digestCron: e.DIGEST_CRON,
    timeZone: 'Asia/Shanghai',
    passiveReplyMs: e.PASSIVE_REPLY_MS,
    chatMarkdown: e.CHAT_MARKDOWN,
    subsidyPayFrom: e.SUBSIDY_PAY_FROM,
    http: {
      headersTimeoutMs: e.HTTP_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: Math.max(e.HTTP_REQUEST_TIMEOUT_MS, e.HTTP_HEADERS_TIMEOUT_MS),
    },
    wecom:
      present.length === WECOM_KEYS.length
        ? {
            corpId: e.WECOM_CORP_ID as string,
            agentId: e.WECOM_AGENT_ID as number,
            secret: e.WECOM_SECRET as string,
            token: e.WECOM_TOKEN as string,
            encodingAesKey: e.WECOM_ENCODING_AES_KEY as string,
            apiBase: e.WECOM_API_BASE,
          }
        : undefined,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/$/, ''),
    oauthBase: e.WECOM_OAUTH_BASE.replace(/\/$/, ''),
    aibot:
      aibotPresent.length === AIBOT_KEYS.length
        ? {
            token: e.WECOM_AIBOT_TOKEN as string,
            encodingAesKey: e.WECOM_AIBOT_ENCODING_AES_KEY as string,
          }
        : undefined,
  };
}

/** Secrets are never echoed back, only their length. */
function describeValue(value: string | undefined, name: string): string {
  if (value === undefined) return 'nothing';
  if (/SECRET|TOKEN|AES_KEY|DATABASE_URL/.test(name)) return `${value.length} characters`;
  return JSON.stringify(value);
}
