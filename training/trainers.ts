/** The models `npm run train` trains, in pipeline order (registry.ts says what each provides): HTML extraction, cleaning, topics. */
import { lineTrainer } from './clean/trainer.ts';
import { htmlTrainer } from './html/trainer.ts';
import type { Trainer } from './registry.ts';
import { topicTrainer } from './topics/trainer.ts';

export const TRAINERS: readonly Trainer<unknown>[] = [
  htmlTrainer as unknown as Trainer<unknown>,
  lineTrainer as unknown as Trainer<unknown>,
  topicTrainer as unknown as Trainer<unknown>,
];
