// The service worker: keeps the site in the browser's cache, so that it opens
// offline once loaded, and serves every file with the headers headers.js
// names (cross-origin isolation, the policies), which a static host such as
// GitHub Pages cannot set. Requests to other origins are not its business:
// the policy stops them before they reach it.

import { headersFor } from '../headers.js';

declare const KATA_WEB_ASSETS: string[];
declare const KATA_WEB_VERSION: string;

interface FetchEvent extends Event {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface Scope {
  addEventListener(type: 'install' | 'activate', listener: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (e: FetchEvent) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  location: Location;
}
const sw = self as unknown as Scope;
const CACHE = `backprop-kata-${KATA_WEB_VERSION}`;

sw.addEventListener('install', (e) => {
  e.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(KATA_WEB_ASSETS))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (e) => {
  e.waitUntil(
    caches
      .keys()
      .then((keys) =>
        Promise.all(keys.filter((k) => k.startsWith('backprop-kata-') && k !== CACHE).map((k) => caches.delete(k))),
      )
      .then(() => sw.clients.claim()),
  );
});

/** The response again, with the site's headers for its file. */
function withHeaders(response: Response, url: URL): Response {
  if (response.status === 0) return response;
  const headers = new Headers(response.headers);
  const file = url.pathname.split('/').pop() || 'index.html';
  for (const [k, v] of Object.entries(headersFor(file))) headers.set(k, v);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}

sw.addEventListener('fetch', (e) => {
  const url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== sw.location.origin) return;
  e.respondWith(
    caches
      .open(CACHE)
      .then((c) => c.match(e.request, { ignoreSearch: true }))
      .then((hit) => hit ?? fetch(e.request))
      .then((r) => withHeaders(r, url)),
  );
});
