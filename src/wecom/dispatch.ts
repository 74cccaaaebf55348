// Runs the command for a verified message exactly once, within WeCom's 5-second budget.
// The first delivery to insert the InboundMessage row owns the message: it runs the handler and
// is the only writer of its reply. Later deliveries (WeCom's retries) read what the owner decided.

import { MessageTakenOver, runForMessage } from '../chat/message-claim.js';
import type { ChatHandler, ChatReply, Inbound } from '../chat/types.js';
import type { Logger } from '../logger.js';
import type { InboundState, InboundStore, NewInbound } from './inbound-store.js';

/** What the HTTP answer to this delivery should carry. */
export type Outcome =
  /** Reply now, in the HTTP response. */
  | { kind: 'reply'; id: bigint; reply: ChatReply }
  /** The command is still running; the reply will come another way. */
  | { kind: 'pending'; id: bigint }
  /** Nothing (more) to say for this message. */
  | { kind: 'done'; id: bigint }
  /** Not handled, nothing written: answer so that WeCom delivers the message again. */
  | { kind: 'busy' };

/** A retry takes over an undecided message this long after it first arrived (the owner died). */
export const ORPHAN_SLACK_MS = 2_000;

/**
 * A retry waits this much longer than the owner's passive window for the owner's decision to
 * be written, within WeCom's 5 s: an owner that is merely slow to record it is not taken for dead.
 */
export const RETRY_GRACE_MS = 1_000;

/** Told on a retry when the first delivery wrote but died before it could answer. */
export const ALREADY_SAVED =
  '这条消息已经处理并保存（处理时系统重启，回复中断）。如需核对，请发送“查询 姓名”。';

/** Sent through the API when a command that missed the passive window could not run. */
export const BUSY_RESEND = '系统繁忙，这条消息没有处理，请稍后重发。';

export interface Lane {
  /** For logs: 'app' or 'aibot'. */
  name: string;
  /** Whether this reply can go in the HTTP response (type, size, event kind). */
  canReplyPassively(reply: ChatReply, inbound: Inbound): boolean;
  /**
   * Delivers a reply that missed the passive window. Absent: the reply is only stored, for a
   * later callback to collect (the intelligent bot's stream refresh).
   */
  deliverLate?(inbound: Inbound, reply: ChatReply): Promise<void>;
  /** The form kept in InboundMessage.reply and given again to a retry; the text by default. */
  storedForm?(reply: ChatReply): string;
}

export interface DispatcherOptions {
  store: InboundStore;
  handler: ChatHandler;
  log: Logger;
  passiveReplyMs: number;
  now?: () => number;
  /** How often a retry looks again at a message the first delivery is still running. */
  pollMs?: number;
}

export interface Dispatcher {
  dispatch(inbound: Inbound, row: NewInbound, lane: Lane): Promise<Outcome>;
  /** Resolves once every reply still being written or sent has settled (tests, shutdown). */
  idle(): Promise<void>;
}

/** Appended to a late reply whose attached file could not be sent. */
export const FILE_NOT_SENT = '（附件表格未能发出，请再发一次同样的消息获取。）';

/** `takenOver`: a WeCom retry took the message over mid-command; the new owner answers it. */
type Running = Promise<{ reply: ChatReply | null; failed: boolean; takenOver?: boolean }>;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const { store, handler, log, passiveReplyMs } = options;
  const now = options.now ?? Date.now;
  const pollMs = options.pollMs ?? 100;
  const inFlight = new Set<Promise<unknown>>();

  const track = (work: Promise<unknown>): void => {
    const settled = work.catch((err) => log.error({ err }, 'recording a WeCom reply failed'));
    inFlight.add(settled);
    void settled.finally(() => inFlight.delete(settled));
  };

  async function dispatch(inbound: Inbound, row: NewInbound, lane: Lane): Promise<Outcome> {
    const claim = await store.claim(row);
    if (!claim.fresh) return repeat(inbound, claim.state, lane);
    return own(inbound, claim.state.id, claim.state.owner ?? '', lane);
  }

  /** Runs the command as the owner of message `id` and decides how its reply goes. */
  async function own(inbound: Inbound, id: bigint, owner: string, lane: Lane): Promise<Outcome> {
    const started = now();
    const running = runForMessage({ id, owner }, () => runHandler(inbound));
    let timer: NodeJS.Timeout | undefined;
    const budget = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), passiveReplyMs);
    });
    const early = await Promise.race([running, budget]);
    clearTimeout(timer);
    const done = (via: string, reply: ChatReply | null) =>
      logHandled(inbound, lane, { ms: now() - started, via, reply, dedup: false });

    if (early === 'late') return goLate(id, inbound, running, lane, started);
    if (early.takenOver) {
      done('taken-over', null);
      return { kind: 'done', id };
    }
    if (early.failed) {
      // The handler threw before any command ran (the database is down, say): the row stays
      // undecided, so WeCom's next delivery of it takes it over and runs it.
      done('busy', null);
      return { kind: 'busy' };
    }
    const reply = early.reply;
    if (!reply) {
      track(store.record(id, { status: 'handled', via: 'none', command: null }));
      done('none', null);
      return { kind: 'done', id };
    }
    if (lane.canReplyPassively(reply, inbound)) {
      // Not awaited: the reply goes out now, and a retry that reads too early waits for it.
      const stored = lane.storedForm?.(reply) ?? reply.text;
      track(store.record(id, { status: 'handled', via: 'passive', reply: stored, command: reply.command }));
      done('passive', reply);
      return { kind: 'reply', id, reply };
    }
    return goLate(id, inbound, running, lane, started);
  }

  /** Answers this delivery at once and lets the reply follow when the command is done. */
  function goLate(id: bigint, inbound: Inbound, running: Running, lane: Lane, started: number): Outcome {
    // Marked first, so a retry learns at once that the reply will come through the API, or (a
    // lane without one) be stored for WeCom to collect: either way it must not take over.
    const marked = store.record(id, { status: 'received', via: lane.deliverLate ? 'api' : 'passive' });
    // A failed mark costs only the retries' shortcut; the reply is still sent.
    const noted = marked.catch((err) => log.error({ err }, 'marking a WeCom reply as late failed'));
    track(noted.then(() => finishLate(id, inbound, running, lane, started)));
    return { kind: 'pending', id };
  }

  async function runHandler(inbound: Inbound): Running {
    try {
      return { reply: await handler(inbound), failed: false };
    } catch (err) {
      if (err instanceof MessageTakenOver) {
        log.warn(
          { user: inbound.userId },
          'a WeCom retry took this message over; its reply is the new owner’s',
        );
        return { reply: null, failed: false, takenOver: true };
      }
      log.error({ err, user: inbound.userId }, 'the chat handler threw; the message gets no reply');
      return { reply: null, failed: true };
    }
  }

  async function finishLate(
    id: bigint,
    inbound: Inbound,
    running: Running,
    lane: Lane,
    started: number,
  ): Promise<void> {
    const { reply, failed, takenOver } = await running;
    if (takenOver) return;
    const ms = now() - started;
    if (failed && lane.deliverLate) {
      // Too late for WeCom to deliver it again: the member is told to resend instead.
      const busy = { text: BUSY_RESEND, command: 'busy' };
      await lane.deliverLate(inbound, busy).then(
        () => store.record(id, { status: 'failed', via: 'api', reply: busy.text, sentAt: new Date(now()) }),
        () => store.record(id, { status: 'failed', via: 'api', reply: busy.text }),
      );
      logHandled(inbound, lane, { ms, via: 'api', reply: busy, dedup: false });
      return;
    }
    if (failed || !reply) {
      await store.record(id, { status: failed ? 'failed' : 'handled', via: 'none' });
      logHandled(inbound, lane, { ms, via: 'none', reply, dedup: false });
      return;
    }
    if (!lane.deliverLate) {
      await store.record(id, {
        status: 'handled',
        via: 'passive',
        reply: lane.storedForm?.(reply) ?? reply.text,
        command: reply.command,
      });
      logHandled(inbound, lane, { ms, via: 'stored', reply, dedup: false });
      return;
    }
    const record = { via: 'api' as const, reply: reply.text, command: reply.command };
    try {
      await lane.deliverLate(inbound, reply);
    } catch (err) {
      // The delivery log retries the text only; a spreadsheet cannot be kept there, so the
      // retried text says how to get it again.
      const retried = reply.file ? `${reply.text}\n${FILE_NOT_SENT}` : reply.text;
      await store.record(id, { ...record, reply: retried, status: 'failed' });
      log.error(
        { err, user: inbound.userId, command: reply.command, lane: lane.name },
        'sending a late reply through the WeCom API failed',
      );
      return;
    }
    await store.record(id, { ...record, status: 'handled', sentAt: new Date(now()) });
    logHandled(inbound, lane, { ms: now() - started, via: 'api', reply, dedup: false });
  }

  async function repeat(inbound: Inbound, first: InboundState, lane: Lane): Promise<Outcome> {
    const deadline = now() + passiveReplyMs + Math.min(RETRY_GRACE_MS, 4_800 - passiveReplyMs);
    const orphanMs = passiveReplyMs + ORPHAN_SLACK_MS;
    let state: InboundState | undefined = first;
    while (state && !isDecided(state) && state.ageMs < orphanMs && now() < deadline) {
      await sleep(pollMs);
      state = await store.read(first.id);
    }
    const id = first.id;
    const note = (via: string) => logHandled(inbound, lane, { ms: 0, via, reply: null, dedup: true });
    if (state?.replyVia === 'passive' && state.reply !== null) {
      note('passive');
      return { kind: 'reply', id, reply: { text: state.reply } };
    }
    if (!state) return { kind: 'done', id };
    // The owner went late on a lane that stores its reply for WeCom to collect (the bot's stream).
    if (state.replyVia === 'passive' && state.status === 'received') return { kind: 'pending', id };
    if (isDecided(state)) {
      note(state.replyVia ?? 'none');
      return { kind: 'done', id };
    }
    // Undecided well past the owner's window: the owner died (or gave up with the database down).
    if (state.ageMs >= orphanMs) {
      if (state.wroteAt) {
        track(
          store.record(id, { status: 'handled', via: 'passive', reply: ALREADY_SAVED, command: 'recovered' }),
        );
        note('recovered');
        return { kind: 'reply', id, reply: { text: ALREADY_SAVED, command: 'recovered' } };
      }
      const owner = await store.takeOver(id, state.owner);
      if (owner) {
        log.warn(
          { lane: lane.name, user: inbound.userId },
          'WeCom retry took over a message its first delivery left',
        );
        return own(inbound, id, owner, lane);
      }
    }
    // The owner may still be at work: WeCom delivers again later and learns the outcome then.
    note('busy');
    return { kind: 'busy' };
  }

  function logHandled(
    inbound: Inbound,
    lane: Lane,
    f: { ms: number; via: string; reply: ChatReply | null; dedup: boolean },
  ): void {
    log.info(
      {
        lane: lane.name,
        user: inbound.userId,
        kind: inbound.kind === 'text' ? 'text' : `event:${inbound.event}`,
        command: f.reply?.command,
        outcome: f.reply?.outcome ?? (f.reply ? 'ok' : undefined),
        via: f.via,
        ms: f.ms,
        dedup: f.dedup,
      },
      f.dedup ? 'WeCom retry answered from the first delivery' : 'WeCom message handled',
    );
  }

  return {
    dispatch,
    async idle() {
      while (inFlight.size > 0) await Promise.all([...inFlight]);
    },
  };
}

/** The owner has chosen how the reply goes, or finished without one. */
function isDecided(state: InboundState): boolean {
  return state.replyVia !== null || state.status !== 'received';
}
