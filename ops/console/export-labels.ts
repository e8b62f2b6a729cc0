import type { DynamoDbArticleReader } from '../../shared/adapters/dynamodb-article-reader.ts';
import type { DynamoDbCorrectionStore } from '../../shared/adapters/dynamodb-correction-store.ts';
import { type ExportedLabel, ExportedLabelSchema } from '../../shared/labels.ts';
import { labelOf } from './labels.ts';
import { type ConsoleSource, readSourceText } from './source.ts';

export interface LabelExportDeps {
  reader: DynamoDbArticleReader;
  corrections: DynamoDbCorrectionStore;
  source: ConsoleSource;
}

/**
 * Every corrected article as an exported label, most recently corrected first. Articles whose record
 * or source object is gone are skipped and counted, not fatal.
 *
 * @example await exportLabels(deps) // → { labels: [{ id: '3f1c…', topics: ['diplomacy'], text: '…', … }], skipped: [] }
 */
export async function exportLabels(deps: LabelExportDeps): Promise<{ labels: ExportedLabel[]; skipped: { id: string; reason: string }[] }> {
  const labels: ExportedLabel[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const id of await deps.corrections.listCorrectedArticleIds()) {
    const record = await deps.reader.getArticle(id);
    if (!record) {
      skipped.push({ id, reason: 'no record' });
      continue;
    }
    const text = await readSourceText(deps.source, record);
    if (text === null) {
      skipped.push({ id, reason: `source object ${record.objectKey} is gone` });
      continue;
    }
    const corrections = await deps.corrections.listCorrections(id);
    // Checked against the one label format, so what the training scripts read back is what they expect.
    labels.push(
      ExportedLabelSchema.parse(
        labelOf(
          record,
          corrections.map((c) => c.correction),
          text,
        ),
      ),
    );
  }
  return { labels, skipped };
}
