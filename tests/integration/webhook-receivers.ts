// Real webhook receivers on loopback for the tests: each records what it got and answers as told.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = { headers: http.IncomingHttpHeaders; body: string };
export type Receiver = { url: string; port: number; received: Received[]; close(): Promise<void> };

/** `answer(n)` is the status of the n-th request (1-based), or "hang" to never answer. */
export async function startReceiver(answer: (n: number) => number | "hang" = () => 200, host = "127.0.0.1"): Promise<Receiver> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      const status = answer(received.length);
      if (status !== "hang") res.writeHead(status).end("ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(":") ? `[${host}]` : host;
  return {
    url: `http://${shown}:${port}/hooks`,
    port,
    received,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
