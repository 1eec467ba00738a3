/**
 * A local stand-in for LiveKit's Egress API: the Twirp endpoints
 * livekit-server-sdk's EgressClient calls (POST /twirp/livekit.Egress/<Method>,
 * JSON bodies, a Bearer JWT). It records every call, and plays LiveKit's part
 * in the upload: on StopEgress it PUTs a small MP4 to the S3 output named in
 * the start request (with the credentials given there), and ListEgress then
 * reports the egress complete with that file. `refuse` and `drop` make the next
 * start fail the two ways a real LiveKit can: an error answer, or no answer.
 */
import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';

export interface EgressCall {
  method: string;
  /** The Bearer token's verified claims (null if the signature did not verify). */
  claims: { iss: string; video?: Record<string, unknown> } | null;
  body: Record<string, unknown>;
}

interface S3Output {
  bucket: string;
  endpoint: string;
  region: string;
  accessKey: string;
  secret: string;
  forcePathStyle?: boolean;
}
interface FileOutput {
  fileType: string;
  filepath: string;
  disableManifest?: boolean;
  s3: S3Output;
}
interface Egress {
  id: string;
  room: string;
  identity: string;
  output: FileOutput;
  state: 'active' | 'ending';
}

/** A tiny MP4: an `ftyp` box and an `mdat` of distinct bytes, so a served range can be checked byte by byte. */
export function tinyMp4(payload = 3000): Buffer {
  const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isommp41')]);
  const data = Buffer.alloc(payload);
  for (let i = 0; i < payload; i++) data[i] = (i * 7) % 251;
  const header = Buffer.alloc(8);
  header.writeUInt32BE(payload + 8, 0);
  header.write('mdat', 4);
  return Buffer.concat([ftyp, header, data]);
}

export const STUB_DURATION_NS = 2_500_000_000n;

export interface EgressStub {
  url: string;
  calls: EgressCall[];
  /** The MP4 the stub uploaded per egress id. */
  uploaded: Map<string, Buffer>;
  /** The next StartParticipantEgress is answered with this Twirp error. */
  refuse(status: number, code: string, msg: string): void;
  /** The next StartParticipantEgress gets its connection closed without an answer. */
  drop(): void;
  /** ListEgress reports this egress failed with this error instead of complete. */
  failUpload(egressId: string, error: string): void;
  close(): Promise<void>;
}

export async function startEgressStub(apiKey: string, apiSecret: string): Promise<EgressStub> {
  const calls: EgressCall[] = [];
  const egresses = new Map<string, Egress>();
  const uploaded = new Map<string, Buffer>();
  const failing = new Map<string, string>();
  let next: { kind: 'refuse'; status: number; code: string; msg: string } | { kind: 'drop' } | null = null;

  const verify = (header: string | undefined) => {
    const [h, p, s] = (header ?? '').replace(/^Bearer /, '').split('.');
    if (!h || !p || createHmac('sha256', apiSecret).update(`${h}.${p}`).digest('base64url') !== s) return null;
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as EgressCall['claims'];
    return claims?.iss === apiKey ? claims : null;
  };
  const info = (e: Egress, status: string, extra: Record<string, unknown> = {}) => ({ egressId: e.id, roomName: e.room, status, ...extra });

  async function upload(e: Egress): Promise<void> {
    const { s3, filepath } = e.output;
    const client = new S3Client({ endpoint: s3.endpoint, region: s3.region, forcePathStyle: s3.forcePathStyle ?? false, credentials: { accessKeyId: s3.accessKey, secretAccessKey: s3.secret } });
    const body = tinyMp4();
    await client.send(new PutObjectCommand({ Bucket: s3.bucket, Key: filepath, Body: body, ContentType: 'video/mp4' }));
    client.destroy();
    uploaded.set(e.id, body);
  }

  async function answer(method: string, body: Record<string, unknown>): Promise<[number, unknown]> {
    if (method === 'StartParticipantEgress') {
      const output = (body.fileOutputs as FileOutput[] | undefined)?.[0];
      if (!output) return [400, { code: 'invalid_argument', msg: 'no file output' }];
      const e: Egress = { id: `EG_${egresses.size + 1}`, room: String(body.roomName), identity: String(body.identity), output, state: 'active' };
      egresses.set(e.id, e);
      return [200, info(e, 'EGRESS_STARTING')];
    }
    const e = egresses.get(String(body.egressId));
    if (!e) return [404, { code: 'not_found', msg: 'egress not found' }];
    if (method === 'StopEgress') {
      if (e.state !== 'active') return [412, { code: 'failed_precondition', msg: 'egress already ending' }];
      e.state = 'ending';
      if (!failing.has(e.id)) await upload(e);
      return [200, info(e, 'EGRESS_ENDING')];
    }
    if (method === 'ListEgress') {
      if (e.state === 'active') return [200, { items: [info(e, 'EGRESS_ACTIVE')] }];
      const failure = failing.get(e.id);
      if (failure) return [200, { items: [info(e, 'EGRESS_FAILED', { error: failure })] }];
      const file = { filename: e.output.filepath, duration: String(STUB_DURATION_NS), size: String(uploaded.get(e.id)!.length), location: `s3://${e.output.s3.bucket}/${e.output.filepath}` };
      return [200, { items: [info(e, 'EGRESS_COMPLETE', { fileResults: [file] })] }];
    }
    return [404, { code: 'bad_route', msg: `no method ${method}` }];
  }

  const server = http.createServer((req, res) => {
    const pieces: Buffer[] = [];
    req.on('data', (piece: Buffer) => pieces.push(piece));
    req.on('end', () => {
      const method = /^\/twirp\/livekit\.Egress\/(\w+)$/.exec(req.url ?? '')?.[1] ?? `unknown ${req.url}`;
      const body = JSON.parse(Buffer.concat(pieces).toString() || '{}') as Record<string, unknown>;
      calls.push({ method, claims: verify(req.headers.authorization), body });
      const planned = method === 'StartParticipantEgress' ? next : null;
      if (planned) next = null;
      if (planned?.kind === 'drop') return void req.socket.destroy();
      const send = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (planned?.kind === 'refuse') return send(planned.status, { code: planned.code, msg: planned.msg });
      answer(method, body).then(
        ([status, json]) => send(status, json),
        (error: unknown) => send(500, { code: 'internal', msg: String(error) }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    uploaded,
    refuse: (status, code, msg) => void (next = { kind: 'refuse', status, code, msg }),
    drop: () => void (next = { kind: 'drop' }),
    failUpload: (egressId, error) => void failing.set(egressId, error),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
