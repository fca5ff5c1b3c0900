import type { ServerResponse } from 'node:http';

/**
 * The pages the loopback listener shows in the browser. Static text only: no script, no
 * style, no image, nothing fetched from anywhere, so the CSP can forbid everything and the
 * page cannot leak the URL (which carries the code) to a third party. The only variable
 * part is one message, HTML-escaped — an `error_description` is attacker-controlled text.
 */

const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  Pragma: 'no-cache',
  'Referrer-Policy': 'no-referrer',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'; form-action 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  Connection: 'close',
};

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface Page {
  status: number;
  title: string;
  detail: string;
}

export const pages = {
  success: (): Page => ({
    status: 200,
    title: 'Signed in to tokenrelay',
    detail: 'You can close this tab and return to the terminal.',
  }),
  failed: (message: string): Page => ({
    status: 400,
    title: 'tokenrelay sign-in failed',
    detail: `${message} Return to the terminal for what to do next.`,
  }),
  wrongState: (): Page => ({
    status: 400,
    title: 'Not the sign-in in progress',
    detail:
      'This response does not belong to the login tokenrelay is waiting for (its state does not match). It was ignored; the login in the terminal is still waiting.',
  }),
  notFound: (): Page => ({ status: 404, title: 'Not found', detail: 'Nothing here.' }),
  badHost: (): Page => ({
    status: 400,
    title: 'Bad request',
    detail: 'This listener only answers http://127.0.0.1 on its own port.',
  }),
  badMethod: (): Page => ({ status: 405, title: 'Method not allowed', detail: 'Only GET is accepted.' }),
};

export function sendPage(res: ServerResponse, page: Page): void {
  const body = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(page.title)}</title></head>
<body><h1>${escapeHtml(page.title)}</h1><p>${escapeHtml(page.detail)}</p></body></html>
`;
  res.writeHead(page.status, { ...PAGE_HEADERS, 'Content-Length': String(Buffer.byteLength(body)) });
  res.end(body);
}
