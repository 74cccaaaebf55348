import type { ChatHandler } from './types.js';

const WELCOME = '你好，这里是关爱通。发送文字即可开始；正式的命令上线前，我会先复述你发来的内容。';

/**
 * A stand-in command layer until the chat commands land: repeats text back and greets members
 * who open the app (enter_agent) or the intelligent bot's chat (enter_chat).
 */
export function createEchoHandler(): ChatHandler {
  return async (message) => {
    if (message.kind === 'text') return { text: `收到：${message.text}`, command: 'echo', outcome: 'ok' };
    if (message.event === 'enter_agent' || message.event === 'enter_chat') {
      return { text: WELCOME, command: 'welcome', outcome: 'ok' };
    }
    return null;
  };
}
