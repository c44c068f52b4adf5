/**
 * Files and pages the server makes that need the key in use: a plain link cannot send an Authorization header, so
 * these are fetched with it and handed to the browser as a download, or opened as a page of their own.
 */
import { ApiError, type Api } from './api.js';
import { h } from './dom.js';

async function fetchWithKey(api: Api, path: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { headers: api.headers() });
  } catch {
    throw new ApiError(0, 'the server did not answer; is it running?');
  }
  if (!response.ok) throw new ApiError(response.status, `${response.status} ${response.statusText}`);
  return response;
}

/** Saves the answer under the name the server gives it (Content-Disposition), else `fallbackName`. */
export async function download(api: Api, path: string, fallbackName: string): Promise<void> {
  const response = await fetchWithKey(api, path);
  const named = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '')?.[1];
  const url = URL.createObjectURL(await response.blob());
  const link = h('a', { href: url, download: named ?? fallbackName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * Links marked `data-with-key` (the printable follow-up page) open as they are while no key is in use; with one, the
 * page is fetched with it and opened from memory, so it also works where reads need a key.
 */
export function openLinksWithKey(api: Api): void {
  document.addEventListener('click', (event) => {
    const link = (event.target as Element | null)?.closest?.('a[data-with-key]');
    if (!(link instanceof HTMLAnchorElement) || !api.key) return;
    event.preventDefault();
    const opened = window.open('', '_blank');
    fetchWithKey(api, link.href)
      .then((response) => response.blob())
      .then((blob) => {
        if (opened) opened.location.href = URL.createObjectURL(blob);
      })
      .catch((error: unknown) => {
        opened?.close();
        window.alert(error instanceof Error ? error.message : String(error));
      });
  });
}
