// The seam between the WeCom wire (src/wecom) and the command layer (src/chat, commands/).
// The wire turns a verified, decrypted callback into an Inbound; the command layer answers
// with a ChatReply or null (nothing to say).

export interface InboundText {
  kind: 'text';
  /** WeCom userid of the sender (FromUserName) */
  userId: string;
  text: string;
  /** WeCom MsgId, a 64-bit number kept as a string */
  msgId: string;
  createdAt: Date;
}

export interface InboundEvent {
  kind: 'event';
  userId: string;
  /** WeCom event name, e.g. enter_agent, subscribe, click */
  event: string;
  eventKey?: string;
  createdAt: Date;
}

export type Inbound = InboundText | InboundEvent;

export interface ChatReply {
  /** Plain text: always present, used for passive replies and clients that cannot show markdown */
  text: string;
  /** Optional richer form, sent through the API as WeCom markdown when there is time */
  markdown?: string;
  /** A spreadsheet to send along (报表): as a WeCom file message, or saved by the terminal chat */
  file?: { filename: string; data: Buffer };
  /** Command name for logs, e.g. 'visit', 'lookup' */
  command?: string;
  /** ok, refused (rule or permission), invalid (could not understand), error */
  outcome?: 'ok' | 'refused' | 'invalid' | 'error';
}

export type ChatHandler = (message: Inbound) => Promise<ChatReply | null>;
