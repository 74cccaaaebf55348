// The page frame: header with the person and the navigation, the page body, the stylesheet.
import { ROLE_LABEL } from '../chat/scope.js';
import { type Html, html } from './html.js';
import type { WebSessionUser } from './session.js';

export interface PageOptions {
  title: string;
  user?: WebSessionUser;
  body: Html;
  /** scripts of /web/assets to load at the end of the body */
  scripts?: string[];
}

export function page(options: PageOptions): string {
  const { title, user, body } = options;
  const scripts = (options.scripts ?? []).map((s) => html`<script src="/web/assets/${s}"></script>`);
  return html`<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title} · 关爱通</title>
<link rel="stylesheet" href="/web/assets/app.css">
</head>
<body>
<header class="top">
  <a class="brand" href="/web/me">关爱通</a>
  ${user ? nav(user) : ''}
</header>
<main>
<h1>${title}</h1>
${body}
</main>
${scripts}
</body>
</html>
`.value;
}

function nav(user: WebSessionUser): Html {
  return html`<nav>
    <a href="/web/me">我的待办</a>
    <a href="/web/overview">概览</a>
    <span class="who">${user.name}（${ROLE_LABEL[user.role]}）</span>
    <form method="post" action="/web/logout" class="inline">
      <input type="hidden" name="csrf" value="${user.csrfToken}">
      <button type="submit" class="link">退出</button>
    </form>
  </nav>`;
}

/** A page with only a message, for refusals and errors. */
export function messagePage(title: string, message: string, user?: WebSessionUser): string {
  return page({ title, user, body: html`<p class="message">${message}</p>` });
}
