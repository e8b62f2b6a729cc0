/** `npm run train:topics`: `npm run train -- --only topics` (training/train.ts trains and writes shared/data/topic-model.json). */
import { main } from '../train.ts';

process.exitCode = await main(['--only', 'topics', ...process.argv.slice(2)]);
