import { processArticle } from '#shared/domain/pipeline.ts';
import { leastCpuMs } from './tests/unit/growth.ts';
const nested = (depth: number) =>
      `<html><body><article>${'<div><span>'.repeat(depth / 2)}<p>CAIRO - Negotiators met on Tuesday to discuss a ceasefire in Gaza and the release of prisoners, officials said.</p>${'</span></div>'.repeat(depth / 2)}</article></body></html>`;
for (const d of [16,16,16,20,25,32,40,50,63,79,100,200,632,632,79]) {
  const bytes = new TextEncoder().encode(nested(d));
  console.log(d, (await leastCpuMs(() => processArticle({ bytes, key: 'incoming/nested.html' }), 3)).toFixed(3));
}
