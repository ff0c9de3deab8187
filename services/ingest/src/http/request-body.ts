import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import { InputError } from '../decode/input-error';

const gunzipAsync = promisify(gunzip);

/**
 * The request body, gunzipped when `Content-Encoding: gzip`. The decompressed size is bounded
 * too (a few KB of gzip can expand to gigabytes), with the same 413 as an oversized body.
 * `snappy` is remote_write's own framing and is left to its decoder.
 */
export async function requestBody(raw: Buffer, contentEncoding: string | undefined, maxBodyBytes: number): Promise<Buffer> {
  const encoding = (contentEncoding ?? 'identity').trim().toLowerCase();
  if (encoding === 'identity' || encoding === '' || encoding === 'snappy') return raw;
  if (encoding !== 'gzip') throw new InputError(415, 'unsupported_media_type', `Content-Encoding "${encoding}" is not accepted; send gzip or none`);
  try {
    return await gunzipAsync(raw, { maxOutputLength: maxBodyBytes });
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new InputError(413, 'body_too_large', `the gzip body expands beyond ${maxBodyBytes} bytes`);
    }
    throw new InputError(400, 'malformed_gzip', `Content-Encoding is gzip but the body is not valid gzip: ${(cause as Error).message}`);
  }
}
