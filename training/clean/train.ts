/** `npm run train:clean`: `npm run train -- --only line` (training/train.ts trains and writes shared/data/line-model.json). */
import { main } from '../train.ts';

process.exitCode = await main(['--only', 'line', ...process.argv.slice(2)]);
