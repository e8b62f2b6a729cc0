import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/** Puts an article into the bucket as a publisher's SDK would (the review console's upload page). */
export class S3Uploads {
  constructor(private readonly s3: S3Client) {}

  async put(bucket: string, key: string, body: Uint8Array): Promise<void> {
    await this.s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  }
}
