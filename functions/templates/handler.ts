import { S3Client } from '@aws-sdk/client-s3';
import { Logger } from '@aws-lambda-powertools/logger';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { S3TemplateStore } from '#shared/adapters/s3-template-store.ts';
import { optionalFlag, requireEnv } from '#shared/config/env.ts';
import { type LearnOutcome, learnTemplates } from '#shared/ingest/templates.ts';

// The learning step, on a schedule (EventBridge): learns the template of every publisher with new
// observations since its template was learned, and saves it when it changed. Idempotent: a run with
// nothing new reads one small object per publisher and writes nothing.
const logger = new Logger({ serviceName: 'kabar-templates' });
const metrics = new Metrics({ serviceName: 'kabar-templates' });
const store = new S3TemplateStore(new S3Client({ forcePathStyle: optionalFlag('KABAR_S3_FORCE_PATH_STYLE') }), requireEnv('ARTICLES_BUCKET_NAME'));

export const handler = async (): Promise<LearnOutcome[]> => {
  const outcomes = await learnTemplates(store);
  for (const outcome of outcomes) if (outcome.action === 'learned') logger.info('Template learned', { ...outcome });
  metrics.addMetric('TemplatesLearned', MetricUnit.Count, outcomes.filter((o) => o.action === 'learned').length);
  metrics.addMetric('TemplatePublishers', MetricUnit.Count, outcomes.length);
  metrics.publishStoredMetrics();
  return outcomes;
};
