/**
 * Reviewers' corrections as training labels: one JSON line per corrected article, in the format
 * shared/labels.ts defines (what `loadExportedLabels` in training/labelled-articles.ts reads).
 */
import type { Correction } from '../../shared/corrections.ts';
import { publisherOfKey } from '../../shared/domain/publisher.ts';
import type { ExportedLabel } from '../../shared/labels.ts';
import type { ArticleRecord } from '../../shared/record.ts';

/** Removals that are not whole lines of the text, so never boilerplate in the corpus sense. */
const NOT_BOILERPLATE = new Set(['title', 'extractor-date-prefix']);

/**
 * Applies an article's corrections, oldest first, to what kabar decided. Topics are always labelled
 * (the reviewer saw them); cleaning and the title only when a correction touched them, so the
 * model's own unreviewed output does not come back as ground truth.
 *
 * @example
 *   labelOf(record, [{ kind: 'topic-wrong', topic: 'ukraine' }], 'Title\nBody…')
 *   // → { id: record.id, lang: 'en', topics: ['diplomacy'], text: 'Title\nBody…', sourceKey: 'incoming/acme/a.txt', publisher: 'acme' }
 */
export function labelOf(record: ArticleRecord, corrections: readonly Correction[], text: string): ExportedLabel {
  const topics = new Set(record.topics);
  const boilerplate = record.removed.filter((r) => !NOT_BOILERPLATE.has(r.reason)).map((r) => r.text.trim());
  const keep: string[] = [];
  let cleaningCorrected = false;
  let title: string | null | undefined;
  for (const correction of corrections) {
    switch (correction.kind) {
      case 'topic-wrong':
        topics.delete(correction.topic);
        break;
      case 'topic-missing':
        topics.add(correction.topic);
        break;
      case 'removed-is-content':
        cleaningCorrected = true;
        removeAll(boilerplate, correction.line.trim());
        if (!keep.includes(correction.line.trim())) keep.push(correction.line.trim());
        break;
      case 'kept-is-junk':
        cleaningCorrected = true;
        removeAll(keep, correction.line.trim());
        if (!boilerplate.includes(correction.line.trim())) boilerplate.push(correction.line.trim());
        break;
      case 'title':
        title = correction.line === null ? null : correction.line.trim();
        break;
    }
  }
  return {
    id: record.id,
    ...(record.url ? { url: record.url } : {}),
    lang: record.language ?? 'und',
    topics: [...topics].sort(),
    ...(cleaningCorrected ? { boilerplate, body_keep: keep } : {}),
    ...(title !== undefined ? { title } : {}),
    text,
    sourceKey: record.objectKey,
    publisher: publisherOf(record),
  };
}

/** The record's publisher, else the folder under incoming/ (`incoming/acme/a.txt` → `acme`); null when neither names one. */
export function publisherOf(record: Pick<ArticleRecord, 'publisher' | 'objectKey'>): string | null {
  return record.publisher ?? publisherOfKey(record.objectKey);
}

function removeAll(list: string[], value: string): void {
  for (let i = list.length - 1; i >= 0; i--) if (list[i] === value) list.splice(i, 1);
}
