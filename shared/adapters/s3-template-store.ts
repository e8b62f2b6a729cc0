import { randomBytes } from 'node:crypto';
import { GetObjectCommand, ListObjectsV2Command, NoSuchKey, PutObjectCommand, type S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import type { PublisherTemplate, TemplatePin } from '../domain/clean/template.ts';
import type { LearningWindow, StoredObservation, TemplateStore } from '../ingest/templates.ts';
import { TEMPLATES_PREFIX } from '../table-definition.ts';
import { parsePublisherTemplate, parseTemplatePins } from '../template-schema.ts';

/**
 * Publisher templates in the articles bucket, under `templates/` (outside `incoming/`, so nothing
 * written here triggers ingestion):
 *
 *   templates/current/<publisher>.json               the template the ingest function reads
 *   templates/pins/<publisher>.json                  the editors' pins
 *   templates/observations/<publisher>/<time>-<r>.json  one ingest batch's observations (expire after 30 days)
 *   templates/window/<publisher>.json                the newest observations, as the last learning run left them
 *
 * A publisher name is URI-encoded in keys. Batch names start with the UTC time, so they list oldest first.
 */
export class S3TemplateStore implements TemplateStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async template(publisher: string): Promise<PublisherTemplate | null> {
    const json = await this.#readJson(`${TEMPLATES_PREFIX}current/${name(publisher)}.json`);
    return json === null ? null : parsePublisherTemplate(json);
  }

  async saveTemplate(publisher: string, template: PublisherTemplate): Promise<void> {
    await this.#writeJson(`${TEMPLATES_PREFIX}current/${name(publisher)}.json`, template);
  }

  async pins(publisher: string): Promise<TemplatePin[]> {
    const json = await this.#readJson(`${TEMPLATES_PREFIX}pins/${name(publisher)}.json`);
    return json === null ? [] : parseTemplatePins(json);
  }

  async savePins(publisher: string, pins: readonly TemplatePin[]): Promise<void> {
    await this.#writeJson(`${TEMPLATES_PREFIX}pins/${name(publisher)}.json`, pins);
  }

  async addObservations(publisher: string, observations: readonly StoredObservation[]): Promise<void> {
    if (observations.length === 0) return;
    const time = this.now().toISOString().replace(/[:.]/g, '-');
    await this.#writeJson(`${observationsPrefix(publisher)}${time}-${randomBytes(4).toString('hex')}.json`, observations);
  }

  async observationBatches(publisher: string, after?: string): Promise<string[]> {
    const prefix = observationsPrefix(publisher);
    const keys: string[] = [];
    let token: string | undefined;
    do {
      // Keys list in order: starting after the last batch read lists only the new ones.
      const page = await this.s3.send(
        new ListObjectsV2Command({
          Bucket: this.bucket,
          Prefix: prefix,
          ContinuationToken: token,
          StartAfter: after === undefined ? undefined : `${prefix}${after}`,
        }),
      );
      for (const object of page.Contents ?? []) if (object.Key) keys.push(object.Key.slice(prefix.length));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return keys.sort();
  }

  async readObservations(publisher: string, batch: string): Promise<StoredObservation[]> {
    const json = await this.#readJson(`${observationsPrefix(publisher)}${batch}`);
    return Array.isArray(json) ? (json as StoredObservation[]) : [];
  }

  async window(publisher: string): Promise<LearningWindow | null> {
    const json = (await this.#readJson(`${TEMPLATES_PREFIX}window/${name(publisher)}.json`)) as LearningWindow | null;
    return json && typeof json.through === 'string' && Array.isArray(json.observations) ? json : null;
  }

  async saveWindow(publisher: string, window: LearningWindow): Promise<void> {
    await this.#writeJson(`${TEMPLATES_PREFIX}window/${name(publisher)}.json`, window);
  }

  async publishers(): Promise<string[]> {
    const prefix = `${TEMPLATES_PREFIX}observations/`;
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page = await this.s3.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token }));
      for (const p of page.CommonPrefixes ?? []) if (p.Prefix) names.push(decodeURIComponent(p.Prefix.slice(prefix.length, -1)));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return names.sort();
  }

  async #readJson(key: string): Promise<unknown> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return JSON.parse((await object.Body?.transformToString('utf-8')) ?? 'null');
    } catch (error) {
      if (error instanceof NoSuchKey || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404)) return null;
      throw error;
    }
  }

  async #writeJson(key: string, value: unknown): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: JSON.stringify(value), ContentType: 'application/json; charset=utf-8' }));
  }
}

function name(publisher: string): string {
  return encodeURIComponent(publisher);
}

function observationsPrefix(publisher: string): string {
  return `${TEMPLATES_PREFIX}observations/${name(publisher)}/`;
}
