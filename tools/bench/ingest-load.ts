/**
 * The load side of bench:ingest, run in a worker thread so sending does not compete with
 * ingest's event loop: keep-alive HTTP POSTs of pre-encoded OTLP bodies from `concurrency`
 * loops for `durationMillis`, optionally paced to `targetPointsPerSecond`.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';

export interface LoadInput {
  url: string;
  apiKey: string;
  bodies: Uint8Array[];
  pointsPerBody: number;
  concurrency: number;
  durationMillis: number;
  targetPointsPerSecond: number;
}

export interface LoadResult {
  acceptedPoints: number;
  requests: number;
  refused: Record<string, number>;
  latenciesMillis: number[];
  elapsedMillis: number;
}

function post(agent: Agent, url: URL, body: Uint8Array, apiKey: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: '/v1/metrics', method: 'POST', agent, headers: { 'content-type': 'application/x-protobuf', authorization: `Bearer ${apiKey}`, 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function run(input: LoadInput): Promise<LoadResult> {
  const url = new URL(input.url);
  const agent = new Agent({ keepAlive: true, maxSockets: input.concurrency });
  const result: LoadResult = { acceptedPoints: 0, requests: 0, refused: {}, latenciesMillis: [], elapsedMillis: 0 };
  const start = performance.now();
  const deadline = start + input.durationMillis;
  const intervalMillis = input.targetPointsPerSecond > 0 ? (input.pointsPerBody * input.concurrency * 1000) / input.targetPointsPerSecond : 0;
  let next = 0;
  const loop = async (offset: number) => {
    let due = start + (intervalMillis * offset) / input.concurrency;
    while (performance.now() < deadline) {
      if (intervalMillis > 0) {
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        due += intervalMillis;
      }
      const body = input.bodies[next++ % input.bodies.length];
      const sent = performance.now();
      const status = await post(agent, url, body, input.apiKey);
      result.latenciesMillis.push(performance.now() - sent);
      result.requests++;
      if (status === 200) result.acceptedPoints += input.pointsPerBody;
      else result.refused[status] = (result.refused[status] ?? 0) + 1;
    }
  };
  await Promise.all(Array.from({ length: input.concurrency }, (_, i) => loop(i)));
  result.elapsedMillis = performance.now() - start;
  agent.destroy();
  return result;
}

if (parentPort && workerData) {
  const port = parentPort;
  run(workerData as LoadInput).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ error: String(error) }),
  );
}
