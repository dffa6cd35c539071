/**
 * The placement bucket in AWS: reads what the Distributed Map wrote (its manifest and result files) and
 * writes the results next to the dropped file. Objects are encrypted by the bucket's default key (the
 * stack's customer-managed placement key); no request names another.
 */
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { PlacementFiles } from '../domain/placement-results';

export class S3PlacementFiles implements PlacementFiles {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async read(key: string): Promise<string> {
    const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    if (!out.Body) throw new Error(`s3://${this.bucket}/${key} has no body`);
    return out.Body.transformToString('utf-8');
  }

  async write(key: string, body: string, contentType: string): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: body, ContentType: contentType }));
  }
}
