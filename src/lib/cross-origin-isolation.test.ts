import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withIsolationHeaders } from './cross-origin-isolation';

describe('withIsolationHeaders (what the service worker serves)', () => {
  it('adds COOP and COEP and keeps the body, status and other headers', async () => {
    const res = withIsolationHeaders(
      new Response('<p>hi</p>', { status: 201, statusText: 'Made', headers: { 'content-type': 'text/html' } })
    );
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-embedder-policy')).toBe('require-corp');
    expect(res.headers.get('content-type')).toBe('text/html');
    expect(res.status).toBe(201);
    expect(res.statusText).toBe('Made');
    expect(await res.text()).toBe('<p>hi</p>');
  });

  it('names exactly the two headers SharedArrayBuffer needs', () => {
    expect(Object.keys(ISOLATION_HEADERS).sort()).toEqual([
      'Cross-Origin-Embedder-Policy',
      'Cross-Origin-Opener-Policy'
    ]);
  });
});
