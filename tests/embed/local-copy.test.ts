/** The local-copy probe that decides whether transformers.js may read <base>models/<id>/. */
import { describe, expect, it } from 'vitest';
import { hasLocalCopy, localConfigUrl, type ProbeFetch } from '../../src/embed/local-copy';

const PAGE = 'http://localhost:4173/?embed=x#/models';

function answer(status: number, type: string, body: string, asked: string[] = []): ProbeFetch {
  return async (url) => {
    asked.push(url);
    return { ok: status >= 200 && status < 300, headers: { get: (h: string) => (h.toLowerCase() === 'content-type' ? type : null) }, text: async () => body };
  };
}

describe('hasLocalCopy', () => {
  it('asks for config.json of the model under the local path, resolved against the page', async () => {
    const asked: string[] = [];
    expect(await hasLocalCopy('/models/', 'Xenova/all-MiniLM-L6-v2', PAGE, answer(200, 'application/json', '{"model_type":"bert"}', asked))).toBe(true);
    expect(asked).toEqual(['http://localhost:4173/models/Xenova/all-MiniLM-L6-v2/config.json']);
    expect(localConfigUrl('/app/models', 'm', 'https://a.test/app/')).toBe('https://a.test/app/models/m/config.json');
  });

  it.each([
    ['an SPA fallback (index.html with status 200)', 200, 'text/html', '<!doctype html><html><div id="root"></div></html>'],
    ['a 404', 404, 'text/plain', 'Not found'],
    ['a non-JSON body', 200, 'application/octet-stream', 'PK\u0003\u0004'],
    ['JSON that is not an object', 200, 'application/json', '[1,2]'],
  ])('is false for %s', async (_what, status, type, body) => {
    expect(await hasLocalCopy('/models/', 'x/y', PAGE, answer(status, type, body))).toBe(false);
  });

  it('is false when the request itself fails', async () => {
    expect(await hasLocalCopy('/models/', 'x/y', PAGE, async () => { throw new TypeError('Failed to fetch'); })).toBe(false);
  });
});
