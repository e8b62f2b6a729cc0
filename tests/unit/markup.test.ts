import { describe, expect, it } from 'vitest';
import { processArticle } from '#shared/domain/pipeline.ts';
import { plainTextOf } from '#shared/domain/text/markup.ts';
import { growthOf } from './growth.ts';

describe('plainTextOf', () => {
  it.each([
    ['<b>Talks</b> resume in <em>Doha</em>', 'Talks resume in Doha'],
    ['Talks resume<script>alert("x")</script> in Doha', 'Talks resume in Doha'],
    ['<img src=x onerror="alert(1)">Talks resume', 'Talks resume'],
    ['Talks<br>resume<br/>today', 'Talks resume today'],
    ['<b>Tal</b>ks', 'Talks'],
    ['Talks <!-- edited --> resume', 'Talks resume'],
    ['<style>p { color: red }</style><p>Talks</p><p>resume</p>', 'Talks resume'],
    ['It&#8217;s &quot;done&quot; &amp; dusted&nbsp;&hellip;', 'It’s "done" & dusted …'],
    ['Why 3 &lt; 5: &lt;b&gt; is a tag', 'Why 3 < 5: <b> is a tag'],
  ])('reads %j as %j', (markup, text) => {
    expect(plainTextOf(markup)).toBe(text);
  });

  it.each(['a < b and c > d', 'I <3 Doha', 'AT&T and R&D', 'x <y', 'Q&A: 50% off <- here'])('leaves %j, which holds no markup, as written', (text) => {
    expect(plainTextOf(text)).toBe(text);
  });

  it('drops an unclosed script with everything after it, as a browser would', () => {
    expect(plainTextOf('Talks resume<script>document.write(1)')).toBe('Talks resume');
  });

  it.each([
    ['unclosed tags', (n: number) => '<a'.repeat(n / 2)],
    ['unclosed scripts', (n: number) => '<script>x</script'.repeat(n / 17)],
    ['comment openers', (n: number) => '<!-'.repeat(n / 3)],
    ['tags', (n: number) => '<b>x</b>'.repeat(n / 8)],
  ])('takes linear time on %s', async (_name, family) => {
    const growth = await growthOf(family, plainTextOf, { start: 256, max: 128_000, floorMs: 0.5, samples: 3 });
    expect(growth.ok, growth.reason || `×${growth.ratio.toFixed(1)}`).toBe(true);
  });
});

describe('titles, authors and captions in records are plain text', () => {
  const processJson = (article: unknown) => processArticle({ bytes: new TextEncoder().encode(JSON.stringify(article)), key: 'incoming/wire/a.json' });
  const body = 'DOHA - Negotiators met on Tuesday to discuss a ceasefire in Gaza and the release of prisoners, officials said.';

  it('strips tags and decodes references in a JSON title and authors, keeping no raw copy', async () => {
    const result = await processJson({
      title: '<script>alert(1)</script>Talks <em>resume</em> in Doha &amp; Cairo<img src=x onerror=alert(2)>',
      author: ['<b>Ann Lee</b>', { name: 'By Budi &#8217;Santoso&#8217;' }],
      body,
    });
    expect(result.status).toBe('ok');
    if (result.status !== 'ok') return;
    expect(result.title).toBe('Talks resume in Doha & Cairo');
    expect(result.metadata.authors).toEqual(['Ann Lee', 'Budi ’Santoso’']);
    expect(JSON.stringify(result.publisher.metadata)).not.toMatch(/<script|onerror/);
  });

  it('strips markup from an HTML page’s og:title and from a Markdown headline', async () => {
    const html = await processArticle({
      bytes: new TextEncoder().encode(
        `<html><head><meta property="og:title" content="Talks &lt;em&gt;resume&lt;/em&gt; in Doha"></head><body><article><h1>x</h1><p>${body}</p><p>${body}</p></article></body></html>`,
      ),
      key: 'incoming/wire/a.html',
    });
    const markdown = await processArticle({ bytes: new TextEncoder().encode(`# Talks <em>resume</em> in Doha\n\n${body}`), key: 'incoming/wire/a.md' });
    expect(html.status === 'ok' && html.title).toBe('Talks resume in Doha');
    expect(markdown.status === 'ok' && markdown.title).toBe('Talks resume in Doha');
  });
});
